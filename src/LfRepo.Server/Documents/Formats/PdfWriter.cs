using System.Globalization;
using System.IO.Compression;
using System.Text;
using LfRepo.Server.Documents.Imaging;

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
    private readonly Dictionary<PdfReader, Dictionary<int, int>> _imported = [];

    public PdfWriter(Stream output)
    {
        _output = output;
        _start = output.Position;
        Raw("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
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

    /// <summary>
    /// A page of another PDF, copied with everything it references (its inherited attributes made its own;
    /// annotations, which may point at other pages, left out). Objects shared by pages of one source are copied once.
    /// </summary>
    public void AddPdfPage(PdfReader source, int pageIndex, Watermark? watermark)
    {
        if (source.IsEncrypted)
        {
            throw new InvalidPdfException("Pages of an encrypted PDF cannot be copied.");
        }
        if (!_imported.TryGetValue(source, out var map))
        {
            map = [];
            _imported[source] = map;
        }
        var pending = new Queue<int>();
        var page = source.Pages[pageIndex];
        var original = source.Resolve(page.Reference) as Dictionary<string, object?> ?? throw new InvalidPdfException("A page that is not a dictionary.");
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in original)
        {
            if (key is not ("Parent" or "Annots" or "B" or "StructParents" or "Thumb"))
            {
                copy[key] = value;
            }
        }
        foreach (var key in new[] { "Resources", "MediaBox", "CropBox", "Rotate" })
        {
            if (!copy.ContainsKey(key) && source.Inherited(page.Reference, key) is { } inherited)
            {
                copy[key] = inherited;
            }
        }
        if (!copy.ContainsKey("MediaBox"))
        {
            copy["MediaBox"] = new List<object?> { 0L, 0L, 612L, 792L };
        }
        if (watermark is not null)
        {
            var resources = new Dictionary<string, object?>(source.Resolve(copy.GetValueOrDefault("Resources")) as Dictionary<string, object?> ?? [], StringComparer.Ordinal);
            var fonts = new Dictionary<string, object?>(source.Resolve(resources.GetValueOrDefault("Font")) as Dictionary<string, object?> ?? [], StringComparer.Ordinal);
            var text = new StringBuilder();
            AppendWatermark(text, watermark, page.Width, page.Height, "LfRepoWatermark");
            var before = StreamObject("q\n");
            var after = StreamObject("Q\n" + text);
            var contents = new List<object?> { new PdfRef(-before, 0) };
            contents.AddRange(source.Resolve(copy.GetValueOrDefault("Contents")) switch
            {
                List<object?> list => list,
                null => [],
                _ => [copy["Contents"]],
            });
            contents.Add(new PdfRef(-after, 0));
            copy["Contents"] = contents;
            fonts["LfRepoWatermark"] = new PdfRef(-FontId, 0);
            resources["Font"] = fonts;
            copy["Resources"] = resources;
        }
        copy["Parent"] = new PdfRef(-PagesId, 0);
        var pageId = Reserve();
        Object(pageId, PdfSelection.Serialize(Remap(copy, map, pending)));
        _pages.Add(pageId);
        while (pending.Count > 0)
        {
            var number = pending.Dequeue();
            var value = source.Resolve(new PdfRef(number, 0));
            if (value is PdfStream stream)
            {
                var raw = source.ReadRaw(stream);
                var dictionary = new Dictionary<string, object?>(stream.Dictionary, StringComparer.Ordinal) { ["Length"] = (long)raw.Length };
                Begin(map[number]);
                Raw(PdfSelection.Serialize(Remap(dictionary, map, pending)) + "\nstream\n");
                _output.Write(raw);
                Raw("\nendstream\nendobj\n");
            }
            else
            {
                Object(map[number], PdfSelection.Serialize(Remap(value, map, pending)));
            }
        }
    }

    /// <summary>The value with the source's object numbers replaced by this file's (negative numbers are already this file's).</summary>
    private object? Remap(object? value, Dictionary<int, int> map, Queue<int> pending) => value switch
    {
        PdfRef { Number: < 0 } own => new PdfRef(-own.Number, 0),
        PdfRef reference => new PdfRef(MapObject(reference.Number, map, pending), 0),
        List<object?> list => list.Select(v => Remap(v, map, pending)).ToList(),
        Dictionary<string, object?> dictionary => dictionary.ToDictionary(kv => kv.Key, kv => Remap(kv.Value, map, pending), StringComparer.Ordinal),
        _ => value,
    };

    private int MapObject(int number, Dictionary<int, int> map, Queue<int> pending)
    {
        if (!map.TryGetValue(number, out var id))
        {
            id = Reserve();
            map[number] = id;
            pending.Enqueue(number);
        }
        return id;
    }

    private int StreamObject(string content)
    {
        var bytes = Encoding.Latin1.GetBytes(content);
        var id = Reserve();
        Begin(id);
        Raw($"<< /Length {bytes.Length} >>\nstream\n");
        _output.Write(bytes);
        Raw("\nendstream\nendobj\n");
        return id;
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

    private static void AppendWatermark(StringBuilder content, Watermark? watermark, double width, double height, string font = "F1")
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
            $"q 0.6 g BT /{font} {size:0.###} Tf {cos:0.#####} {sin:0.#####} {-sin:0.#####} {cos:0.#####} {cx:0.###} {cy:0.###} Tm {-textWidth * size / 2000:0.###} {-size / 3:0.###} Td ({Escape(watermark.Text)}) Tj ET Q\n"));
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
