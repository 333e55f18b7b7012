using System.Text.Json.Serialization;

namespace LfRepo.Server.Entries;

/// <summary>The entry types a request may name; an unknown value is a 400 from the JSON binder.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EntryTypeName>))]
public enum EntryTypeName
{
    Folder,
    RecordSeries,
    Document,
    Shortcut,
}

/// <summary>Body of CreateEntry (POST …/Entries/{entryId}/Folder/Children).</summary>
public sealed record CreateEntryRequest
{
    public string? Name { get; init; }

    public bool AutoRename { get; init; }

    public EntryTypeName? EntryType { get; init; }

    public int? TargetId { get; init; }

    public string? VolumeName { get; init; }

    /// <summary>A folder path below the route folder to create the entry in (2026 spec); <c>/</c> and <c>\</c> both separate.</summary>
    public string? FolderPath { get; init; }
}

/// <summary>Body of UpdateEntry (PATCH …/Entries/{entryId}): move and/or rename.</summary>
public sealed record UpdateEntryRequest
{
    public int? ParentId { get; init; }

    public string? Name { get; init; }

    public bool AutoRename { get; init; }
}

/// <summary>Body of CopyEntry and StartCopyEntry (POST …/Entries/{entryId}/Folder/Copy and …/CopyAsync).</summary>
public sealed record CopyEntryRequest
{
    public string? Name { get; init; }

    public bool AutoRename { get; init; }

    public int? SourceId { get; init; }

    public string? VolumeName { get; init; }
}

/// <summary>Body of StartDeleteEntry (DELETE …/Entries/{entryId}); may be absent or null.</summary>
public sealed record StartDeleteEntryRequest
{
    public int? AuditReasonId { get; init; }

    public string? AuditReasonComment { get; init; }
}

/// <summary>A folder's immediate children, returned by GetEntry with includeChildInfo=true.</summary>
public sealed record ChildInfo(bool HasChildren, long ChildCount, int FolderCount, int DocumentCount, int ShortcutCount);
