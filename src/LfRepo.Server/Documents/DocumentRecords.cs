namespace LfRepo.Server.Documents;

/// <summary>One blob of the content store, named by the SHA-256 of its bytes; entries share it by reference.</summary>
public sealed class ContentRecord
{
    public required string Sha256 { get; set; }

    public long Length { get; set; }
}

/// <summary>A document's electronic document: a reference to its bytes in the content store.</summary>
public sealed class EdocRecord
{
    public int EntryId { get; set; }

    public required string Sha256 { get; set; }
}

/// <summary>
/// One page of a document, kept in the form it came in: an image file (a frame of it for multi-page TIFFs), a
/// page of a PDF, or text alone. Image and text are references into the content store.
/// </summary>
public sealed class PageRecord
{
    public int Id { get; set; }

    public int EntryId { get; set; }

    /// <summary>1-based; deleting pages renumbers the rest.</summary>
    public int PageNumber { get; set; }

    public string? ImageSha256 { get; set; }

    /// <summary>The image's container: png, jpeg, tiff, gif, bmp, pcx or pdf; empty for a text-only page.</summary>
    public string ImageFormat { get; set; } = "";

    /// <summary>The TIFF frame or the PDF page (0-based) within the image content.</summary>
    public int ImageFrame { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public string? TextSha256 { get; set; }
}

/// <summary>
/// A document's version control and persistent lock, one row per document that has ever had either. The lock
/// lives in the store, so it survives a restart.
/// </summary>
public sealed class DocumentStateRecord
{
    public int EntryId { get; set; }

    public bool IsUnderVersionControl { get; set; }

    /// <summary>0 until the document is put under version control; each check-in adds one.</summary>
    public int CurrentVersion { get; set; }

    public string? CheckedOutBy { get; set; }

    public string? CheckOutComment { get; set; }

    /// <summary>The edoc at check-out (null when it had none), which UndoCheckOut puts back.</summary>
    public string? CheckOutEdocSha256 { get; set; }

    /// <summary>The entry's document columns and metadata at check-out, as JSON.</summary>
    public string? CheckOutSnapshotJson { get; set; }

    public string? LockToken { get; set; }

    public string? LockedBy { get; set; }

    public string? LockComment { get; set; }

    /// <summary>Page, Edoc, Metadata or All.</summary>
    public string? LockExtent { get; set; }

    public long? LockTicks { get; set; }
}

/// <summary>
/// One version of a document under version control: version 1 when it is put under version control, then one per
/// check-in (or per write while it is not checked out), with who made it, when, and the check-out comment.
/// </summary>
public sealed class DocumentVersionRecord
{
    public int EntryId { get; set; }

    public int Version { get; set; }

    public string CreatedBy { get; set; } = "";

    public long CreatedTicks { get; set; }

    public string? Comment { get; set; }
}

/// <summary>A page of a checked-out document as it was at check-out; UndoCheckOut puts these pages back.</summary>
public sealed class CheckOutPageRecord
{
    public int EntryId { get; set; }

    public int PageNumber { get; set; }

    public string? ImageSha256 { get; set; }

    public string ImageFormat { get; set; } = "";

    public int ImageFrame { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public string? TextSha256 { get; set; }
}
