namespace LfRepo.Server.Documents;

/// <summary>A region of a page image to cover, in image pixels from the top-left corner; white or black.</summary>
public sealed record PageBox(int X, int Y, int Width, int Height, bool White);

/// <summary>
/// The redacted regions of a page (by its Pages row), which page images always show covered. The annotations
/// feature registers the real one; without it no page has redactions.
/// </summary>
public interface IPageRedactions
{
    Task<IReadOnlyList<PageBox>> ForPageAsync(int pageId, CancellationToken cancellationToken);

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

    public Task<IReadOnlyList<(int Start, int End)>> TextSpansAsync(int pageId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(int Start, int End)>>([]);
}
