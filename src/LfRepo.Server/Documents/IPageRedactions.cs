namespace LfRepo.Server.Documents;

/// <summary>A region of a page image to cover, in image pixels from the top-left corner; white or black.</summary>
public sealed record PageBox(int X, int Y, int Width, int Height, bool White);

/// <summary>
/// Something drawn over a page image, in image pixels from the top-left corner; colours are "#RRGGBB" (null: none),
/// opacity a percentage.
/// </summary>
public abstract record PageMark(int Opacity);

/// <summary>A rectangle or ellipse, filled and/or outlined.</summary>
public sealed record BoxMark(int X, int Y, int Width, int Height, string? Fill, string? Border, int BorderThickness, bool Ellipse, int Opacity) : PageMark(Opacity);

/// <summary>A line through the points; closed and filled when <see cref="Fill"/> is given.</summary>
public sealed record LineMark(IReadOnlyList<(int X, int Y)> Points, string Color, int Thickness, string? Fill, int Opacity) : PageMark(Opacity);

/// <summary>Text in a box, wrapped at its width and cut at its bottom.</summary>
public sealed record TextMark(int X, int Y, int Width, int Height, string Text, int TextSize, string Color, int Opacity) : PageMark(Opacity);

/// <summary>An image (PNG, JPEG, BMP, GIF or WebP bytes) scaled into the box, turned clockwise by <see cref="Rotation"/> degrees about its centre.</summary>
public sealed record ImageMark(int X, int Y, int Width, int Height, byte[] Image, int Rotation, int Opacity) : PageMark(Opacity);

/// <summary>
/// The redacted regions of a page (by its Pages row), which page images always show covered, and the other
/// annotations an image export draws when asked to. The annotations feature registers the real one; without it no
/// page has redactions or annotations.
/// </summary>
public interface IPageRedactions
{
    Task<IReadOnlyList<PageBox>> ForPageAsync(int pageId, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="user"/> may see what the redactions of the document cover (SeeThroughRedactions).</summary>
    Task<bool> SeesThroughAsync(int entryId, string user, CancellationToken cancellationToken);

    /// <summary>The page's annotations other than redactions, bottom first, as <paramref name="user"/> may see them (none without SeeAnnotations).</summary>
    Task<IReadOnlyList<PageMark>> MarksAsync(int entryId, int pageId, string user, CancellationToken cancellationToken);

    /// <summary>The redacted spans of the page's text: from Start up to (not including) End, in characters.</summary>
    Task<IReadOnlyList<(int Start, int End)>> TextSpansAsync(int pageId, CancellationToken cancellationToken);

    /// <summary>The text with every character of the spans replaced by <paramref name="cover"/>.</summary>
    static string Cover(string text, IReadOnlyList<(int Start, int End)> spans, char cover)
    {
        if (spans.Count == 0)
        {
            return text;
        }
        var chars = text.ToCharArray();
        foreach (var (start, end) in spans)
        {
            for (var i = Math.Max(0, start); i < Math.Min(end, chars.Length); i++)
            {
                if (!char.IsWhiteSpace(chars[i]))
                {
                    chars[i] = cover;
                }
            }
        }
        return new string(chars);
    }
}

public sealed class NoPageRedactions : IPageRedactions
{
    public Task<IReadOnlyList<PageBox>> ForPageAsync(int pageId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PageBox>>([]);

    public Task<IReadOnlyList<PageMark>> MarksAsync(int entryId, int pageId, string user, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PageMark>>([]);

    public Task<bool> SeesThroughAsync(int entryId, string user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<IReadOnlyList<(int Start, int End)>> TextSpansAsync(int pageId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(int Start, int End)>>([]);
}
