namespace LfRepo.Server.Search;

/// <summary>An evaluated search: its task, command and when its results were last read (they expire after that).</summary>
public sealed class SearchRecord
{
    public required string TaskId { get; set; }

    public required string Command { get; set; }

    public long LastReadTicks { get; set; }

    public int RowCount { get; set; }
}

/// <summary>One result row of a search, so a page of results is a keyed read.</summary>
public sealed class SearchResultRecord
{
    public required string TaskId { get; set; }

    /// <summary>1-based, in result order.</summary>
    public int RowNumber { get; set; }

    public int EntryId { get; set; }
}
