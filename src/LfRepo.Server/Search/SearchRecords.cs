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

/// <summary>
/// The text search sees on a page whose text has redacted words: the page's text with them blanked out. Keyed by
/// the page row, so deleting the page deletes it; <see cref="Sha256"/> is the text's key in the full-text index,
/// and the text is kept here because no content file holds it (the index can always be rebuilt).
/// </summary>
public sealed class SearchTextPageRecord
{
    public int PageId { get; set; }

    public string Sha256 { get; set; } = "";

    public string Text { get; set; } = "";
}
