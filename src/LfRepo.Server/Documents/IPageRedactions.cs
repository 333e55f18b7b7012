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
}

public sealed class NoPageRedactions : IPageRedactions
{
    public Task<IReadOnlyList<PageBox>> ForPageAsync(int pageId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PageBox>>([]);
}
