using System.Globalization;
using System.Text;

namespace LfRepo.Server.Documents.Formats;

/// <summary>
/// Selects pages of an existing PDF without rewriting it: the original bytes, then an incremental update whose new
/// page tree lists the chosen pages in order and whose catalogue points at it. The pages keep their objects (and
/// their original parents, through which inherited resources still resolve).
/// </summary>
public static class PdfSelection
{
    public static void Write(Stream source, IReadOnlyList<int> pageIndexes, Stream output)
    {
        var pdf = PdfReader.Open(source);
        source.Position = 0;
        source.CopyTo(output);
        if (pageIndexes.SequenceEqual(Enumerable.Range(0, pdf.Pages.Count)))
        {
            return;
        }
        if (pageIndexes.Any(i => i < 0 || i >= pdf.Pages.Count))
        {
            throw new InvalidPdfException("A page outside the PDF was selected.");
        }
        var (catalogRef, catalog) = pdf.Catalog();
        var pagesNumber = pdf.Size;
        var updated = new Dictionary<string, object?>(catalog, StringComparer.Ordinal) { ["Pages"] = new PdfRef(pagesNumber, 0) };
        updated.Remove("PageLabels");
        updated.Remove("Outlines");

        Write(output, "\n");
        var catalogOffset = output.Position;
        Write(output, $"{catalogRef.Number} {catalogRef.Generation} obj\n{Serialize(updated)}\nendobj\n");
        var pagesOffset = output.Position;
        var kids = string.Join(" ", pageIndexes.Select(i => $"{pdf.Pages[i].Reference.Number} {pdf.Pages[i].Reference.Generation} R"));
        Write(output, $"{pagesNumber} 0 obj\n<< /Type /Pages /Kids [{kids}] /Count {pageIndexes.Count} >>\nendobj\n");
        var xrefOffset = output.Position;
        var xref = new StringBuilder("xref\n0 1\n0000000000 65535 f \n");
        xref.Append(CultureInfo.InvariantCulture, $"{catalogRef.Number} 1\n{catalogOffset:D10} {catalogRef.Generation:D5} n \n");
        xref.Append(CultureInfo.InvariantCulture, $"{pagesNumber} 1\n{pagesOffset:D10} 00000 n \n");
        var trailer = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Size"] = (long)pagesNumber + 1,
            ["Root"] = catalogRef,
            ["Prev"] = pdf.StartXref,
        };
        foreach (var key in new[] { "Info", "ID", "Encrypt" })
        {
            if (pdf.Trailer.TryGetValue(key, out var value))
            {
                trailer[key] = value;
            }
        }
        xref.Append("trailer\n").Append(Serialize(trailer)).Append(CultureInfo.InvariantCulture, $"\nstartxref\n{xrefOffset}\n%%EOF\n");
        Write(output, xref.ToString());
    }

    public static string Serialize(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        PdfName name => "/" + EscapeName(name.Value),
        PdfRef reference => $"{reference.Number} {reference.Generation} R",
        byte[] bytes => "<" + Convert.ToHexString(bytes) + ">",
        List<object?> list => "[" + string.Join(" ", list.Select(Serialize)) + "]",
        Dictionary<string, object?> dictionary => "<< " + string.Join(" ", dictionary.Select(kv => "/" + EscapeName(kv.Key) + " " + Serialize(kv.Value))) + " >>",
        _ => throw new InvalidPdfException("An object that cannot be written back."),
    };

    private static string EscapeName(string name)
    {
        var b = new StringBuilder();
        foreach (var c in name)
        {
            if (c is > ' ' and < '\u007f' and not ('#' or '/' or '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '%'))
            {
                b.Append(c);
            }
            else
            {
                b.Append('#').Append(((int)c & 0xFF).ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return b.ToString();
    }

    private static void Write(Stream output, string text) => output.Write(Encoding.Latin1.GetBytes(text));
}
