using System.Globalization;
using System.IO.Compression;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace LfRepo.Server.Documents.Imaging;

/// <summary>A text watermark: where on the 3×3 grid, turned by how many degrees, spanning what share of the width.</summary>
public sealed record Watermark(string Text, string Position, int RotationAngle, int PageSpanPercentage)
{
    /// <summary>The column and row (0–2, from the top left) of a watermark position on the 3×3 grid.</summary>
    public static (int Column, int Row) GridCell(string position) => position switch
    {
        "TopLeft" => (0, 0), "TopCenter" => (1, 0), "TopRight" => (2, 0),
        "MiddleLeft" => (0, 1), "MiddleRight" => (2, 1),
        "BottomLeft" => (0, 2), "BottomCenter" => (1, 2), "BottomRight" => (2, 2),
        _ => (1, 1),
    };
}

/// <summary>A PDF whose pages cannot be copied: unreadable, encrypted, or refused by PDFsharp.</summary>
public sealed class PdfCopyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Writes an exported PDF with PDFsharp: JPEG pages go in unchanged as DCTDecode images (built with PDFsharp's
/// object API, so a JPEG without a JFIF segment is embedded as it is), decoded pixels as Deflate-compressed images,
/// text pages and watermarks as text in the DejaVu Sans Mono font shipped inside the server (embedded as a subset,
/// so the text layer keeps every character the font has), and pages of stored PDFs imported with what they reference.
/// </summary>
public sealed class PdfExport : IDisposable
{
    private const double MaxPageUnits = 14400;
    private const double LetterWidth = 612, LetterHeight = 792, Margin = 54, FontSize = 10, Leading = 12;
    private const string FontFamily = "DejaVu Sans Mono";

    private static readonly Lock FontGate = new();
    private static readonly XColor WatermarkColor = XColor.FromArgb(PageCanvas.WatermarkGray, PageCanvas.WatermarkGray, PageCanvas.WatermarkGray);

    private readonly PdfDocument _document = new();
    private readonly Dictionary<object, PdfDocument> _sources = [];
    private XFont? _textFont;

    public PdfExport()
    {
        UseShippedFont();
        _document.Options.CompressContentStreams = true;
        _document.Options.UseFlateDecoderForJpegImages = PdfUseFlateDecoderForJpegImages.Never;
    }

    public int PageCount => _document.PageCount;

    /// <summary>A JPEG file as a page, its bytes copied unchanged into a DCTDecode image.</summary>
    public void AddJpegPage(byte[] jpeg, int width, int height, int components, Watermark? watermark)
    {
        var image = Image(width, height, components switch { 1 => "/DeviceGray", 4 => "/DeviceCMYK", _ => "/DeviceRGB" }, "/DCTDecode", jpeg);
        if (components == 4)
        {
            // Adobe writes CMYK JPEGs inverted; readers expect the decode array to undo it.
            image.Elements["/Decode"] = new PdfArray(_document, [.. Enumerable.Range(0, 8).Select(i => new PdfInteger(i % 2 == 0 ? 1 : 0))]);
        }
        ImagePage(image, width, height, watermark);
    }

    /// <summary>Decoded pixels as a page, compressed with Deflate.</summary>
    public void AddRasterPage(Raster raster, Watermark? watermark)
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raster.Pixels);
        }
        var image = Image(raster.Width, raster.Height, raster.Channels == 1 ? "/DeviceGray" : "/DeviceRGB", "/FlateDecode", compressed.ToArray());
        ImagePage(image, raster.Width, raster.Height, watermark);
    }

    /// <summary>Text on Letter pages; text longer than a page continues on the next.</summary>
    public void AddTextPage(string text, Watermark? watermark)
    {
        _textFont ??= new XFont(FontFamily, FontSize);
        var perPage = (int)((LetterHeight - 2 * Margin) / Leading);
        List<string>? lines = null;
        for (var first = 0; first == 0 || first < lines!.Count; first += perPage)
        {
            var page = NewPage(LetterWidth, LetterHeight);
            using var graphics = XGraphics.FromPdfPage(page);
            lines ??= Wrap(graphics, Clean(text), LetterWidth - 2 * Margin);
            var y = Margin + FontSize;
            foreach (var line in lines.Skip(first).Take(perPage))
            {
                graphics.DrawString(line, _textFont, XBrushes.Black, Margin, y);
                y += Leading;
            }
            DrawWatermark(graphics, watermark, LetterWidth, LetterHeight);
        }
    }

    /// <summary>
    /// A page of a stored PDF, imported with everything it references (annotations, which may point at other
    /// pages, left out). The source is opened once per <paramref name="key"/> and its shared objects copied once.
    /// </summary>
    public void AddPdfPage(object key, Func<Stream> open, int pageIndex, Watermark? watermark)
    {
        if (!_sources.TryGetValue(key, out var source))
        {
            source = OpenSource(open);
            _sources[key] = source;
        }
        if (pageIndex < 0 || pageIndex >= source.PageCount)
        {
            throw new PdfCopyException($"The PDF has no page {pageIndex + 1}.");
        }
        PdfPage page;
        try
        {
            page = _document.AddPage(source.Pages[pageIndex]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new PdfCopyException(ex.Message, ex);
        }
        foreach (var dropped in new[] { "/Annots", "/B", "/StructParents", "/Thumb" })
        {
            page.Elements.Remove(dropped);
        }
        if (watermark is not null)
        {
            // The page's own drawing is closed in q … Q so the watermark starts from the default graphics state.
            page.Contents.PrependContent().CreateStream("q\n"u8.ToArray());
            page.Contents.AppendContent().CreateStream("Q\n"u8.ToArray());
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            DrawWatermark(graphics, watermark, graphics.PageSize.Width, graphics.PageSize.Height);
        }
    }

    /// <summary>Writes the document to the stream, which stays open.</summary>
    public void Save(Stream output)
    {
        if (_document.PageCount == 0)
        {
            throw new InvalidOperationException("A PDF needs at least one page.");
        }
        _document.Save(output, closeStream: false);
    }

    public void Dispose()
    {
        foreach (var source in _sources.Values)
        {
            source.Dispose();
        }
        _document.Dispose();
    }

    private static PdfDocument OpenSource(Func<Stream> open)
    {
        try
        {
            using var stream = open();
            var source = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
            return source.PageCount > 0 ? source : throw new PdfCopyException("The PDF has no pages.");
        }
        catch (Exception ex) when (ex is not PdfCopyException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new PdfCopyException(ex.Message, ex);
        }
    }

    private PdfDictionary Image(int width, int height, string colorSpace, string filter, byte[] data)
    {
        var image = new PdfDictionary(_document);
        image.Elements["/Type"] = new PdfName("/XObject");
        image.Elements["/Subtype"] = new PdfName("/Image");
        image.Elements["/Width"] = new PdfInteger(width);
        image.Elements["/Height"] = new PdfInteger(height);
        image.Elements["/ColorSpace"] = new PdfName(colorSpace);
        image.Elements["/BitsPerComponent"] = new PdfInteger(8);
        image.Elements["/Filter"] = new PdfName(filter);
        image.CreateStream(data);
        _document.Internals.AddObject(image);
        return image;
    }

    /// <summary>A page the size of the image (in points, one per pixel, scaled down past PDF's largest page) showing it.</summary>
    private void ImagePage(PdfDictionary image, int width, int height, Watermark? watermark)
    {
        var scale = Math.Min(1, MaxPageUnits / Math.Max(width, height));
        double w = width * scale, h = height * scale;
        var page = NewPage(w, h);
        var xObjects = new PdfDictionary(_document);
        xObjects.Elements.SetReference("/Im0", image);
        page.Resources.Elements["/XObject"] = xObjects;
        page.Contents.AppendContent().CreateStream(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"q {w:0.###} 0 0 {h:0.###} 0 0 cm /Im0 Do Q\n")));
        if (watermark is not null)
        {
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            DrawWatermark(graphics, watermark, w, h);
        }
    }

    private PdfPage NewPage(double width, double height)
    {
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(width);
        page.Height = XUnit.FromPoint(height);
        return page;
    }

    /// <summary>The watermark in gray, centred on its grid cell, turned counter-clockwise, as wide as its share of the page.</summary>
    private static void DrawWatermark(XGraphics graphics, Watermark? watermark, double width, double height)
    {
        var text = watermark is null ? "" : Clean(watermark.Text).Replace('\n', ' ');
        if (watermark is null || text.Length == 0)
        {
            return;
        }
        var measured = graphics.MeasureString(text, new XFont(FontFamily, 100)).Width;
        var size = Math.Max(0.1, 100 * width * watermark.PageSpanPercentage / 100.0 / Math.Max(1, measured));
        var (column, row) = Watermark.GridCell(watermark.Position);
        var centre = new XPoint(width * (column * 2 + 1) / 6, height * (row * 2 + 1) / 6);
        var state = graphics.Save();
        graphics.RotateAtTransform(-watermark.RotationAngle, centre);
        graphics.DrawString(text, new XFont(FontFamily, size), new XSolidBrush(WatermarkColor), centre, XStringFormats.Center);
        graphics.Restore(state);
    }

    private static List<string> Wrap(XGraphics graphics, string text, double width)
    {
        var font = new XFont(FontFamily, FontSize);
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && graphics.MeasureString(candidate, font).Width > width)
                {
                    lines.Add(line.ToString());
                    line.Clear().Append(word);
                }
                else
                {
                    line.Clear().Append(candidate);
                }
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>Line breaks as '\n'; other control characters as spaces.</summary>
    private static string Clean(string text) =>
        new([.. text.Replace("\r\n", "\n").Replace('\r', '\n').Select(c => c != '\n' && char.IsControl(c) ? ' ' : c)]);

    /// <summary>
    /// Points PDFsharp's fonts at the font shipped inside the server, once for the process. PDFsharp's resolvers are
    /// process-wide: a host that set its own (an application embedding the server) keeps it, and the shipped font
    /// is then its fallback, asked for the family LfRepo draws with when the host's resolver does not know it.
    /// </summary>
    private static void UseShippedFont()
    {
        lock (FontGate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = ShippedFontResolver.Instance;
            }
            else if (GlobalFontSettings.FontResolver is not ShippedFontResolver && GlobalFontSettings.FallbackFontResolver is null)
            {
                GlobalFontSettings.FallbackFontResolver = ShippedFontResolver.Instance;
            }
        }
    }

    /// <summary>
    /// LfRepo's family resolves to DejaVu Sans Mono, read from the server's embedded resource; so does every other
    /// family while this is the process's only resolver.
    /// </summary>
    private sealed class ShippedFontResolver : IFontResolver
    {
        public static readonly ShippedFontResolver Instance = new();
        private const string Face = "DejaVuSansMono";
        private readonly Lazy<byte[]> _font = new(() =>
        {
            using var stream = typeof(PdfExport).Assembly.GetManifestResourceStream("LfRepo.Server.Documents.Fonts.DejaVuSansMono.ttf")
                ?? throw new InvalidOperationException("The embedded font is missing.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });

        public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
            ReferenceEquals(GlobalFontSettings.FontResolver, this) || familyName == FontFamily ? new(Face, isBold, isItalic) : null;

        public byte[] GetFont(string faceName) => _font.Value;
    }
}
