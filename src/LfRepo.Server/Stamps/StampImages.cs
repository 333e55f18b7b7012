using System.Globalization;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Problems;
using SkiaSharp;

namespace LfRepo.Server.Stamps;

/// <summary>
/// Stamp images: any image format a page may be (read by <see cref="ImageFiles"/>) is kept as a grayscale PNG, and
/// GetStampImage's <c>color</c> turns it into a tinted PNG whose black is the colour and whose white is transparent.
/// </summary>
public static class StampImages
{
    /// <summary>The image in the repository's internal form: grayscale PNG, with its size.</summary>
    public static async Task<(byte[] Png, int Width, int Height)> ToInternalAsync(Stream image, long maxBytes, int maxSide, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await image.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"The stamp image is larger than {maxBytes} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidStamp, "The stamp image file is empty.");
        }
        Raster raster;
        try
        {
            buffer.Position = 0;
            var probed = ImageFiles.Probe(buffer);
            var (width, height) = probed.Frames[0];
            if (width > maxSide || height > maxSide)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidStamp, $"The stamp image is {width} × {height} pixels; a stamp is at most {maxSide} pixels on each side.");
            }
            raster = ImageFiles.Decode(buffer, probed.Format, 0);
        }
        catch (Exception ex) when (ex is InvalidImageException or UnsupportedImageException)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidStamp, $"The stamp image cannot be read: {ex.Message}");
        }
        var gray = ToGray(raster);
        using var png = new MemoryStream();
        ImageFiles.EncodePng(gray, png);
        return (png.ToArray(), gray.Width, gray.Height);
    }

    /// <summary>A <c>#RRGGBB</c> colour, or a 400 saying what is wrong with it.</summary>
    public static (byte R, byte G, byte B) ParseColor(string color)
    {
        if (color.Length != 7 || color[0] != '#' || !int.TryParse(color.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var rgb))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidStamp, $"color '{color}' is not a #RRGGBB colour.");
        }
        return ((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
    }

    /// <summary>The stored grayscale PNG as an RGBA PNG: each pixel the colour, as opaque as it was dark.</summary>
    public static byte[] Recolor(byte[] png, (byte R, byte G, byte B) color)
    {
        var gray = ToGray(ImageFiles.Decode(new MemoryStream(png)));
        var rgba = new byte[gray.Width * gray.Height * 4];
        for (var i = 0; i < gray.Pixels.Length; i++)
        {
            rgba[i * 4] = color.R;
            rgba[i * 4 + 1] = color.G;
            rgba[i * 4 + 2] = color.B;
            rgba[i * 4 + 3] = (byte)(255 - gray.Pixels[i]);
        }
        var info = new SKImageInfo(gray.Width, gray.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var image = SKImage.FromPixelCopy(info, rgba);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidImageException("The recoloured stamp cannot be encoded as PNG.");
        return data.ToArray();
    }

    private static Raster ToGray(Raster raster)
    {
        if (raster.Channels == 1)
        {
            return raster;
        }
        var pixels = new byte[raster.Width * raster.Height];
        for (var i = 0; i < pixels.Length; i++)
        {
            var p = i * raster.Channels;
            pixels[i] = (byte)((raster.Pixels[p] * 299 + raster.Pixels[p + 1] * 587 + raster.Pixels[p + 2] * 114 + 500) / 1000);
        }
        return new Raster(raster.Width, raster.Height, 1, pixels);
    }
}
