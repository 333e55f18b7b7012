using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace LfRepo.Server.Documents.Formats;

/// <summary>A text watermark: where on the 3×3 grid, turned by how many degrees, spanning what share of the width.</summary>
public sealed record Watermark(string Text, string Position, int RotationAngle, int PageSpanPercentage);

/// <summary>
/// Writes a PDF 1.4 file page by page straight to a stream: JPEG pages pass through as DCTDecode images, decoded
/// pixels go in as FlateDecode images, text pages and watermarks use the standard Helvetica font (no embedding).
/// </summary>
public sealed class PdfWriter
{
    private const double MaxPageUnits = 14400;
    private const double LetterWidth = 612, LetterHeight = 792, Margin = 54, FontSize = 10, Leading = 12;
    private const int CatalogId = 1, PagesId = 2, FontId = 3;

    private readonly Stream _output;
    private readonly long _start;
    private readonly List<long> _offsets = [0, 0, 0, 0];
    private readonly List<int> _pages = [];

    public PdfWriter(Stream output)
    {
        _output = output;
        _start = output.Position;
        Raw("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        Object(FontId, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    }

    public int PageCount => _pages.Count;

    /// <summary>A JPEG file as a page, its bytes copied unchanged.</summary>
    public async Task AddJpegPageAsync(Stream jpeg, long length, int width, int height, int components, Watermark? watermark, CancellationToken cancellationToken)
    {
        var colorSpace = components switch { 1 => "/DeviceGray", 4 => "/DeviceCMYK", _ => "/DeviceRGB" };
        var decode = components == 4 ? " /Decode [1 0 1 0 1 0 1 0]" : "";
        var imageId = Reserve();
        Begin(imageId);
        Raw($"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace {colorSpace} /BitsPerComponent 8{decode} /Filter /DCTDecode /Length {length} >>\nstream\n");
        await jpeg.CopyToAsync(_output, cancellationToken);
        Raw("\nendstream\nendobj\n");
        ImagePage(imageId, width, height, watermark);
    }

    /// <summary>Decoded pixels as a page, compressed with Deflate.</summary>
    public void AddRasterPage(Raster raster, Watermark? watermark)
    {
        byte[] data;
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(raster.Pixels);
            }
            data = compressed.ToArray();
        }
        var imageId = Reserve();
        Begin(imageId);
        Raw($"<< /Type /XObject /Subtype /Image /Width {raster.Width} /Height {raster.Height} /ColorSpace {(raster.Channels == 1 ? "/DeviceGray" : "/DeviceRGB")} /BitsPerComponent 8 /Filter /FlateDecode /Length {data.Length} >>\nstream\n");
        _output.Write(data);
        Raw("\nendstream\nendobj\n");
        ImagePage(imageId, raster.Width, raster.Height, watermark);
    }

    /// <summary>Text on Letter pages in Helvetica; text longer than a page continues on the next.</summary>
    public void AddTextPage(string text, Watermark? watermark)
    {
        var lines = Wrap(text, LetterWidth - 2 * Margin);
        var perPage = (int)((LetterHeight - 2 * Margin) / Leading);
        for (var first = 0; first == 0 || first < lines.Count; first += perPage)
        {
            var content = new StringBuilder();
            content.Append(Invariant($"BT /F1 {FontSize} Tf {Leading} TL {Margin} {LetterHeight - Margin - FontSize} Td\n"));
            foreach (var line in lines.Skip(first).Take(perPage))
            {
                content.Append('(').Append(Escape(line)).Append(") Tj T*\n");
            }
            content.Append("ET\n");
            AppendWatermark(content, watermark, LetterWidth, LetterHeight);
            Page(LetterWidth, LetterHeight, content.ToString(), null);
        }
    }

    /// <summary>Writes the page tree, catalogue, cross-reference table and trailer.</summary>
    public void Finish()
    {
        Object(PagesId, $"<< /Type /Pages /Kids [{string.Join(" ", _pages.Select(p => $"{p} 0 R"))}] /Count {_pages.Count} >>");
        Object(CatalogId, $"<< /Type /Catalog /Pages {PagesId} 0 R >>");
        var xref = _output.Position - _start;
        var table = new StringBuilder();
        table.Append(Invariant($"xref\n0 {_offsets.Count}\n0000000000 65535 f \n"));
        foreach (var offset in _offsets.Skip(1))
        {
            table.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }
        table.Append(Invariant($"trailer\n<< /Size {_offsets.Count} /Root {CatalogId} 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        Raw(table.ToString());
    }

    private void ImagePage(int imageId, int width, int height, Watermark? watermark)
    {
        var scale = Math.Min(1, MaxPageUnits / Math.Max(width, height));
        double w = width * scale, h = height * scale;
        var content = new StringBuilder(Invariant($"q {w:0.###} 0 0 {h:0.###} 0 0 cm /Im0 Do Q\n"));
        AppendWatermark(content, watermark, w, h);
        Page(w, h, content.ToString(), $"/XObject << /Im0 {imageId} 0 R >>");
    }

    private void Page(double width, double height, string content, string? xObjects)
    {
        var bytes = Encoding.Latin1.GetBytes(content);
        var contentId = Reserve();
        Begin(contentId);
        Raw($"<< /Length {bytes.Length} >>\nstream\n");
        _output.Write(bytes);
        Raw("\nendstream\nendobj\n");
        var pageId = Reserve();
        Object(pageId, Invariant($"<< /Type /Page /Parent {PagesId} 0 R /MediaBox [0 0 {width:0.###} {height:0.###}] /Resources << /Font << /F1 {FontId} 0 R >> {xObjects} >> /Contents {contentId} 0 R >>"));
        _pages.Add(pageId);
    }

    private static void AppendWatermark(StringBuilder content, Watermark? watermark, double width, double height)
    {
        if (watermark is null)
        {
            return;
        }
        var textWidth = Math.Max(1, Helvetica.Width(watermark.Text));
        var size = width * watermark.PageSpanPercentage / 100.0 * 1000 / textWidth;
        var (column, row) = GridCell(watermark.Position);
        var cx = width * (column * 2 + 1) / 6;
        var cy = height - height * (row * 2 + 1) / 6;
        var angle = watermark.RotationAngle * Math.PI / 180;
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        content.Append(Invariant(
            $"q 0.6 g BT /F1 {size:0.###} Tf {cos:0.#####} {sin:0.#####} {-sin:0.#####} {cos:0.#####} {cx:0.###} {cy:0.###} Tm {-textWidth * size / 2000:0.###} {-size / 3:0.###} Td ({Escape(watermark.Text)}) Tj ET Q\n"));
    }

    /// <summary>The column and row (0–2, from the top left) of a watermark position on the 3×3 grid.</summary>
    public static (int Column, int Row) GridCell(string position) => position switch
    {
        "TopLeft" => (0, 0), "TopCenter" => (1, 0), "TopRight" => (2, 0),
        "MiddleLeft" => (0, 1), "MiddleRight" => (2, 1),
        "BottomLeft" => (0, 2), "BottomCenter" => (1, 2), "BottomRight" => (2, 2),
        _ => (1, 1),
    };

    private static List<string> Wrap(string text, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && Helvetica.Width(candidate) * FontSize / 1000 > width)
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

    /// <summary>A literal string in WinAnsi: parentheses and backslashes escaped, characters outside Latin-1 as '?'.</summary>
    private static string Escape(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '(' or ')' or '\\':
                    b.Append('\\').Append(c);
                    break;
                case < ' ':
                    b.Append(' ');
                    break;
                case > '\u00ff' or (>= '\u0080' and < '\u00a0'):
                    b.Append('?');
                    break;
                default:
                    b.Append(c);
                    break;
            }
        }
        return b.ToString();
    }

    private int Reserve()
    {
        _offsets.Add(0);
        return _offsets.Count - 1;
    }

    private void Begin(int id)
    {
        _offsets[id] = _output.Position - _start;
        Raw($"{id} 0 obj\n");
    }

    private void Object(int id, string body)
    {
        Begin(id);
        Raw(body);
        Raw("\nendobj\n");
    }

    private void Raw(string text) => _output.Write(Encoding.Latin1.GetBytes(text));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Glyph widths of Helvetica (1/1000 em) for printable ASCII, from its standard metrics.</summary>
public static class Helvetica
{
    private static readonly short[] Widths =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ];

    public static double Width(string text) => text.Sum(c => c is >= ' ' and <= '~' ? Widths[c - ' '] : 556);
}
