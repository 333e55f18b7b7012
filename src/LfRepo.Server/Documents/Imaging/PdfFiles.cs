using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace LfRepo.Server.Documents.Imaging;

/// <summary>A file that is not a readable PDF.</summary>
public sealed class UnreadablePdfException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reading PDF files through PdfPig: whether a file is a PDF, its pages' sizes (their media boxes, in points) and
/// the text each page carries. A file without its end-of-file marker and cross-reference offset near its end is
/// truncated and refused; within a complete file PdfPig's lenient parsing tolerates what real writers get wrong
/// (a page whose /Parent still names the page tree an incremental update replaced, for one).
/// </summary>
public static class PdfFiles
{
    private static readonly ParsingOptions Options = new() { UseLenientParsing = true, SkipMissingFonts = true };

    /// <summary>Whether the file starts (within its first kilobyte, as readers allow) with a PDF header.</summary>
    public static bool IsPdf(Stream stream)
    {
        stream.Position = 0;
        var head = new byte[1024];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head.AsSpan(0, n).IndexOf("%PDF-"u8) >= 0;
    }

    /// <summary>Each page's width and height in points, front to back.</summary>
    public static List<(double Width, double Height)> PageSizes(Stream stream) => Read(stream, document =>
    {
        var sizes = new List<(double, double)>(document.NumberOfPages);
        for (var i = 1; i <= document.NumberOfPages; i++)
        {
            var box = document.GetPage(i).MediaBox.Bounds;
            sizes.Add((Math.Abs(box.Width), Math.Abs(box.Height)));
        }
        return sizes.Count > 0 ? sizes : throw new UnreadablePdfException("The PDF has no pages.");
    });

    /// <summary>The text of each page in reading order, front to back.</summary>
    public static List<string> PageTexts(Stream stream, CancellationToken cancellationToken) => Read(stream, document =>
    {
        var texts = new List<string>(document.NumberOfPages);
        for (var i = 1; i <= document.NumberOfPages; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            texts.Add(ContentOrderTextExtractor.GetText(document.GetPage(i)));
        }
        return texts;
    });

    private static T Read<T>(Stream stream, Func<PdfDocument, T> read)
    {
        RequireEnd(stream);
        stream.Position = 0;
        try
        {
            using var document = PdfDocument.Open(stream, Options);
            return read(document);
        }
        catch (Exception ex) when (ex is not UnreadablePdfException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new UnreadablePdfException(ex.Message, ex);
        }
    }

    /// <summary>A PDF ends with startxref, the offset of its cross-reference, and %%EOF in its last kilobyte.</summary>
    private static void RequireEnd(Stream stream)
    {
        var tail = new byte[(int)Math.Min(1024, stream.Length)];
        stream.Position = stream.Length - tail.Length;
        stream.ReadExactly(tail);
        var eof = tail.AsSpan().LastIndexOf("%%EOF"u8);
        if (eof < 0 || tail.AsSpan(0, eof).LastIndexOf("startxref"u8) < 0)
        {
            throw new UnreadablePdfException("The PDF is truncated: it does not end with startxref and %%EOF.");
        }
    }
}
