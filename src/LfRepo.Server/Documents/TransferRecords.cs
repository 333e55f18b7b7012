namespace LfRepo.Server.Documents;

/// <summary>The download link of an exported file: good for one GET before it expires.</summary>
public sealed class DownloadLinkRecord
{
    /// <summary>The unguessable token in the link's URL.</summary>
    public required string Token { get; set; }

    /// <summary>The file's name in the data folder's exports folder.</summary>
    public required string FileId { get; set; }

    public required string ContentType { get; set; }

    /// <summary>The name the download offers.</summary>
    public required string FileName { get; set; }

    /// <summary>The user whose export it is: only they may download it, while they may still read the entry.</summary>
    public required string UserName { get; set; }

    public int EntryId { get; set; }

    public long ExpiresTicks { get; set; }
}

/// <summary>A chunked upload in progress; its parts sit in the data folder's uploads folder.</summary>
public sealed class UploadSessionRecord
{
    public required string Id { get; set; }

    public required string FileName { get; set; }

    public required string MimeType { get; set; }
}

/// <summary>One part of a chunked upload: when its URL expires and, once uploaded, its ETag.</summary>
public sealed class UploadPartRecord
{
    public required string UploadId { get; set; }

    public int PartNumber { get; set; }

    public long UrlExpiresTicks { get; set; }

    public string? ETag { get; set; }
}
