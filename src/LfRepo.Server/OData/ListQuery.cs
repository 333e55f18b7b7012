using System.Text.Json;

namespace LfRepo.Server.OData;

/// <summary>One <c>$orderby</c> term, by EDM property name.</summary>
public sealed record OrderTerm(string Property, bool Descending);

/// <summary>The OData options of one listing request, parsed and checked.</summary>
public sealed class ListQuery
{
    /// <summary>Selected EDM property names, or null when every property is wanted.</summary>
    public IReadOnlySet<string>? Select { get; init; }

    public IReadOnlyList<OrderTerm> OrderBy { get; init; } = [];

    /// <summary>How many rows the whole listing may return (<c>$top</c>), or null for all.</summary>
    public int? Top { get; init; }

    public int Skip { get; init; }

    public bool Count { get; init; }

    /// <summary>Rows per page: Prefer maxpagesize, else the operation's default.</summary>
    public int PageSize { get; init; }

    /// <summary>The continuation this request carries, when it follows an <c>@odata.nextLink</c>.</summary>
    public SkipToken? Continuation { get; init; }

    /// <summary>Rows to return on this page.</summary>
    public int Take
    {
        get
        {
            var take = Continuation?.PageSize ?? PageSize;
            var remaining = Continuation?.Remaining ?? Top;
            return remaining is null ? take : Math.Min(take, remaining.Value);
        }
    }

    /// <summary>Zero-based position of this page's first row in the whole listing.</summary>
    public int Offset => Continuation?.Offset ?? Skip;

    /// <summary>
    /// Where the page after this one starts, or null when this page ends the listing: no rows follow
    /// (<paramref name="more"/> false) or <c>$top</c> is used up. Every listing's <c>@odata.nextLink</c> comes from here.
    /// </summary>
    /// <param name="returned">Rows on this page.</param>
    /// <param name="more">Whether rows follow this page.</param>
    /// <param name="lastKey">The sort key of this page's last row, for listings that seek instead of skipping.</param>
    public SkipToken? NextPage(int returned, bool more, Func<JsonElement[]>? lastKey = null)
    {
        var remaining = (Continuation?.Remaining ?? Top) - returned;
        return more && remaining is null or > 0
            ? new SkipToken(Offset + returned, Continuation?.PageSize ?? PageSize, remaining, lastKey?.Invoke())
            : null;
    }
}
