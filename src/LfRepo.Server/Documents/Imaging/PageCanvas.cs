using System.Runtime.InteropServices;
using SkiaSharp;

namespace LfRepo.Server.Documents.Imaging;

/// <summary>
/// The raster operations on page images, over SkiaSharp: conversions between <see cref="Raster"/> and SKBitmap,
/// turning a page, drawing a watermark and drawing a text page. Text is drawn in the DejaVu Sans Mono font shipped
/// inside the server, so the output is the same on every machine.
/// </summary>
public static class PageCanvas
{
    /// <summary>The gray of watermark text.</summary>
    public const byte WatermarkGray = 153;

    private static readonly Lazy<SKTypeface> Font = new(() =>
    {
        using var stream = typeof(PageCanvas).Assembly.GetManifestResourceStream("LfRepo.Server.Documents.Fonts.DejaVuSansMono.ttf")
            ?? throw new InvalidOperationException("The embedded font is missing.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("The embedded font cannot be loaded.");
    });

    /// <summary>RGBA pixels (not premultiplied) as RGB, any transparency laid over white.</summary>
    public static Raster FromRgba(int width, int height, byte[] rgba)
    {
        var rgb = new byte[width * height * 3];
        for (int i = 0, o = 0; i < rgba.Length; i += 4, o += 3)
        {
            var a = rgba[i + 3];
            if (a == 255)
            {
                (rgb[o], rgb[o + 1], rgb[o + 2]) = (rgba[i], rgba[i + 1], rgba[i + 2]);
            }
            else
            {
                var white = 255 * (255 - a);
                rgb[o] = (byte)((rgba[i] * a + white + 127) / 255);
                rgb[o + 1] = (byte)((rgba[i + 1] * a + white + 127) / 255);
                rgb[o + 2] = (byte)((rgba[i + 2] * a + white + 127) / 255);
            }
        }
        return new Raster(width, height, 3, rgb);
    }

    /// <summary>The raster as a bitmap: gray as Gray8, RGB as opaque RGBA.</summary>
    public static SKBitmap ToBitmap(Raster raster)
    {
        if (raster.Channels == 1)
        {
            var gray = new SKBitmap(new SKImageInfo(raster.Width, raster.Height, SKColorType.Gray8, SKAlphaType.Opaque));
            CopyRows(raster.Pixels, raster.Width, gray);
            return gray;
        }
        var bitmap = new SKBitmap(new SKImageInfo(raster.Width, raster.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rowBytes = bitmap.RowBytes;
        var row = new byte[rowBytes];
        var address = bitmap.GetPixels();
        for (var y = 0; y < raster.Height; y++)
        {
            var from = y * raster.Width * 3;
            for (int x = 0, o = 0; x < raster.Width; x++, o += 4)
            {
                row[o] = raster.Pixels[from + x * 3];
                row[o + 1] = raster.Pixels[from + x * 3 + 1];
                row[o + 2] = raster.Pixels[from + x * 3 + 2];
                row[o + 3] = 255;
            }
            Marshal.Copy(row, 0, address + y * rowBytes, rowBytes);
        }
        return bitmap;
    }

    /// <summary>A bitmap's pixels as a raster with <paramref name="channels"/> channels (gray takes the red channel).</summary>
    public static Raster FromBitmap(SKBitmap bitmap, int channels)
    {
        using var rgba = bitmap.ColorType == SKColorType.Rgba8888 ? null : bitmap.Copy(SKColorType.Rgba8888);
        var source = rgba ?? bitmap;
        var (width, height) = (source.Width, source.Height);
        var pixels = new byte[width * height * channels];
        var row = new byte[source.RowBytes];
        var address = source.GetPixels();
        for (var y = 0; y < height; y++)
        {
            Marshal.Copy(address + y * source.RowBytes, row, 0, row.Length);
            var to = y * width * channels;
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    pixels[to + x * channels + c] = row[x * 4 + c];
                }
            }
        }
        return new Raster(width, height, channels, pixels);
    }

    /// <summary>The raster turned clockwise by 90, 180 or 270 degrees, pixel for pixel.</summary>
    public static Raster Rotate(Raster source, int degrees)
    {
        using var bitmap = ToRgba(source);
        var (width, height) = degrees == 180 ? (bitmap.Width, bitmap.Height) : (bitmap.Height, bitmap.Width);
        using var turned = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(turned))
        {
            canvas.Translate(width / 2f, height / 2f);
            canvas.RotateDegrees(degrees);
            canvas.Translate(-bitmap.Width / 2f, -bitmap.Height / 2f);
            using var image = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        }
        return FromBitmap(turned, source.Channels);
    }

    /// <summary>Covers each box (clipped to the page) with opaque black, or white for a whiteout.</summary>
    public static Raster FillBoxes(Raster raster, IEnumerable<PageBox> boxes)
    {
        var pixels = (byte[])raster.Pixels.Clone();
        foreach (var box in boxes)
        {
            var value = box.White ? (byte)255 : (byte)0;
            var left = Math.Clamp(box.X, 0, raster.Width);
            var right = Math.Clamp(box.X + box.Width, 0, raster.Width);
            var top = Math.Clamp(box.Y, 0, raster.Height);
            var bottom = Math.Clamp(box.Y + box.Height, 0, raster.Height);
            for (var y = top; y < bottom; y++)
            {
                Array.Fill(pixels, value, y * raster.Stride + left * raster.Channels, (right - left) * raster.Channels);
            }
        }
        return new Raster(raster.Width, raster.Height, raster.Channels, pixels);
    }

    /// <summary>Draws the marks onto the raster in their order (the first is at the bottom); an image that cannot be decoded is left out.</summary>
    public static Raster DrawMarks(Raster raster, IReadOnlyList<PageMark> marks)
    {
        if (marks.Count == 0)
        {
            return raster;
        }
        using var bitmap = ToRgba(raster);
        using (var canvas = new SKCanvas(bitmap))
        {
            foreach (var mark in marks)
            {
                var alpha = (byte)Math.Clamp(mark.Opacity * 255 / 100, 0, 255);
                switch (mark)
                {
                    case BoxMark box:
                        var rect = SKRect.Create(box.X, box.Y, box.Width, box.Height);
                        if (Color(box.Fill, alpha) is { } fill)
                        {
                            using var paint = new SKPaint { Color = fill, IsAntialias = true, Style = SKPaintStyle.Fill };
                            if (box.Ellipse) canvas.DrawOval(rect, paint); else canvas.DrawRect(rect, paint);
                        }
                        if (Color(box.Border, alpha) is { } border && box.BorderThickness > 0)
                        {
                            using var paint = new SKPaint { Color = border, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = box.BorderThickness };
                            if (box.Ellipse) canvas.DrawOval(rect, paint); else canvas.DrawRect(rect, paint);
                        }
                        break;
                    case LineMark line:
                        using (var builder = new SKPathBuilder())
                        {
                            builder.MoveTo(line.Points[0].X, line.Points[0].Y);
                            foreach (var (x, y) in line.Points.Skip(1))
                            {
                                builder.LineTo(x, y);
                            }
                            if (Color(line.Fill, alpha) is { } lineFill)
                            {
                                builder.Close();
                                using var filled = builder.Snapshot();
                                using var paint = new SKPaint { Color = lineFill, IsAntialias = true, Style = SKPaintStyle.Fill };
                                canvas.DrawPath(filled, paint);
                            }
                            using var path = builder.Detach();
                            using var stroke = new SKPaint { Color = Color(line.Color, alpha)!.Value, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = line.Thickness };
                            canvas.DrawPath(path, stroke);
                        }
                        break;
                    case TextMark text:
                        DrawText(canvas, text, Color(text.Color, alpha)!.Value);
                        break;
                    case ImageMark image:
                        using (var decoded = SKBitmap.Decode(image.Image))
                        {
                            if (decoded is null)
                            {
                                break;
                            }
                            using var picture = SKImage.FromBitmap(decoded);
                            using var paint = new SKPaint { Color = SKColors.White.WithAlpha(alpha) };
                            canvas.Save();
                            canvas.Translate(image.X + image.Width / 2f, image.Y + image.Height / 2f);
                            canvas.RotateDegrees(image.Rotation);
                            canvas.DrawImage(picture, SKRect.Create(-image.Width / 2f, -image.Height / 2f, image.Width, image.Height), new SKSamplingOptions(SKFilterMode.Linear), paint);
                            canvas.Restore();
                        }
                        break;
                }
            }
        }
        return FromBitmap(bitmap, raster.Channels == 1 && marks.All(IsGray) ? 1 : 3);
    }

    /// <summary>Whether a mark leaves a gray page gray (no coloured ink); a coloured mark makes the page RGB.</summary>
    private static bool IsGray(PageMark mark) => mark switch
    {
        BoxMark box => IsGray(box.Fill) && IsGray(box.Border),
        LineMark line => IsGray(line.Color) && IsGray(line.Fill),
        TextMark text => IsGray(text.Color),
        _ => false,
    };

    private static bool IsGray(string? color) => Color(color, 255) is not { } c || c.Red == c.Green && c.Green == c.Blue;

    private static SKColor? Color(string? hex, byte alpha) =>
        hex is { Length: 7 } && hex[0] == '#' && uint.TryParse(hex.AsSpan(1), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var rgb)
            ? new SKColor((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb, alpha)
            : null;

    /// <summary>Text wrapped at the box's width (at spaces where it can), cut where the box ends.</summary>
    private static void DrawText(SKCanvas canvas, TextMark text, SKColor color)
    {
        using var font = new SKFont(Font.Value, text.TextSize);
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.Save();
        canvas.ClipRect(SKRect.Create(text.X, text.Y, text.Width, text.Height));
        var lineHeight = font.Spacing;
        var baseline = text.Y + 2 - font.Metrics.Ascent;
        foreach (var paragraph in text.Text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && font.MeasureText(candidate) > text.Width - 4)
                {
                    canvas.DrawText(line, text.X + 2, baseline, SKTextAlign.Left, font, paint);
                    baseline += lineHeight;
                    candidate = word;
                }
                line = candidate;
            }
            canvas.DrawText(line, text.X + 2, baseline, SKTextAlign.Left, font, paint);
            baseline += lineHeight;
        }
        canvas.Restore();
    }

    /// <summary>
    /// Draws <paramref name="text"/> onto the raster in gray: scaled to span <paramref name="span"/> of the width,
    /// turned counter-clockwise by <paramref name="degrees"/> about its centre at (<paramref name="cx"/>, <paramref name="cy"/>).
    /// </summary>
    public static Raster DrawWatermark(Raster raster, string text, double span, double degrees, double cx, double cy)
    {
        if (text.Length == 0)
        {
            return raster;
        }
        using var bitmap = ToRgba(raster);
        using (var canvas = new SKCanvas(bitmap))
        using (var font = new SKFont(Font.Value, 100))
        using (var paint = new SKPaint { Color = new SKColor(WatermarkGray, WatermarkGray, WatermarkGray), IsAntialias = true })
        {
            var measured = font.MeasureText(text);
            font.Size = (float)Math.Max(0.1, 100 * raster.Width * span / Math.Max(1, measured));
            var metrics = font.Metrics;
            canvas.Translate((float)cx, (float)cy);
            canvas.RotateDegrees((float)-degrees);
            canvas.DrawText(text, 0, -(metrics.Ascent + metrics.Descent) / 2, SKTextAlign.Center, font, paint);
        }
        return FromBitmap(bitmap, raster.Channels);
    }

    /// <summary>A text page as a white gray Letter page at 100 dpi, lines wrapped at the margin; text past the page is cut.</summary>
    public static Raster TextPage(string text)
    {
        const int width = 850, height = 1100, margin = 75, lineHeight = 20;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        using (var font = new SKFont(Font.Value, 16))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            var perLine = Math.Max(1, (int)((width - 2 * margin) / font.MeasureText("M")));
            var lines = text.Replace("\r\n", "\n").Split('\n').SelectMany(line => line.Length == 0 ? [""] : line.Chunk(perLine).Select(c => new string(c)));
            var baseline = margin - font.Metrics.Ascent;
            foreach (var line in lines)
            {
                if (baseline + font.Metrics.Descent > height - margin)
                {
                    break;
                }
                canvas.DrawText(line, margin, baseline, SKTextAlign.Left, font, paint);
                baseline += lineHeight;
            }
        }
        return FromBitmap(bitmap, 1);
    }

    private static SKBitmap ToRgba(Raster raster)
    {
        if (raster.Channels == 3)
        {
            return ToBitmap(raster);
        }
        using var gray = ToBitmap(raster);
        return gray.Copy(SKColorType.Rgba8888);
    }

    private static void CopyRows(byte[] pixels, int width, SKBitmap bitmap)
    {
        var address = bitmap.GetPixels();
        for (var y = 0; y < bitmap.Height; y++)
        {
            Marshal.Copy(pixels, y * width, address + y * bitmap.RowBytes, width);
        }
    }
}
