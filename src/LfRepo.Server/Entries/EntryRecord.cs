namespace LfRepo.Server.Entries;

/// <summary>Entry types in the order <c>groupByEntryType</c> lists them: containers first.</summary>
public enum EntryType
{
    Folder = 0,
    RecordSeries = 1,
    Document = 2,
    Shortcut = 3,
}

/// <summary>One row of the entry tree. Folders, documents and shortcuts share the table.</summary>
public sealed class EntryRecord
{
    public int Id { get; set; }

    /// <summary>Null only for the root folder.</summary>
    public int? ParentId { get; set; }

    public required string Name { get; set; }

    /// <summary>The name upper-cased invariantly: names are unique per folder ignoring case.</summary>
    public required string NameKey { get; set; }

    /// <summary>Backslash path, materialised so reads never walk ancestors; moves rewrite a subtree's paths.</summary>
    public required string FullPath { get; set; }

    public EntryType EntryType { get; set; }

    public required string Creator { get; set; }

    /// <summary>UTC ticks; integers sort and compare cheaply in SQLite.</summary>
    public long CreationTicks { get; set; }

    public long LastModifiedTicks { get; set; }

    public required string VolumeName { get; set; }

    public int TemplateId { get; set; }

    public string TemplateName { get; set; } = "";

    public int? TargetId { get; set; }

    public EntryType? TargetType { get; set; }

    public string Extension { get; set; } = "";

    public string MimeType { get; set; } = "";

    public long ElectronicDocumentSize { get; set; }

    public bool IsElectronicDocument { get; set; }

    public int PageCount { get; set; }

    /// <summary>The document's version control and lock state (from DocumentStates).</summary>
    public bool IsUnderVersionControl { get; set; }

    public int CurrentVersion { get; set; }

    public string? CheckedOutBy { get; set; }

    public string? LockedBy { get; set; }

    /// <summary>A document that is a record, or a folder that is a record folder (from the records management state).</summary>
    public bool IsRecord { get; set; }

    /// <summary>A folder that lies below a record series.</summary>
    public bool IsUnderRecordSeries { get; set; }

    public bool IsContainer => EntryType is EntryType.Folder or EntryType.RecordSeries;

    /// <summary>The parent's path: null for the root, <c>\</c> for the root's children.</summary>
    public string? FolderPath
    {
        get
        {
            if (ParentId is null)
            {
                return null;
            }
            var last = FullPath.LastIndexOf('\\');
            return last <= 0 ? "\\" : FullPath[..last];
        }
    }

    /// <summary>Whether this entry is <paramref name="folder"/> itself or lies anywhere below it (every entry lies below the root).</summary>
    public bool IsSameOrBelow(EntryRecord folder) =>
        Id == folder.Id || folder.ParentId is null || FullPath.StartsWith(folder.FullPath + "\\", StringComparison.Ordinal);

    /// <summary>The path of a child named <paramref name="name"/> of a folder at <paramref name="folderPath"/>.</summary>
    public static string ChildPath(string folderPath, string name) =>
        folderPath == "\\" ? "\\" + name : folderPath + "\\" + name;
}
