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
}
