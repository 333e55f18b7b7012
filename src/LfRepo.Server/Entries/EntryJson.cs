using System.Text.Json;

namespace LfRepo.Server.Entries;

/// <summary>
/// Writes entries in the Laserfiche wire shape straight to the response: camelCase members in the spec's
/// order, <c>@odata.type</c> and <c>entryType</c> always, subtype members per type, <c>$select</c> honoured.
/// </summary>
public static class EntryJson
{
    /// <summary>Members <c>$select</c> can never drop.</summary>
    private static readonly HashSet<string> AlwaysSelected = ["id", "name", "entryType", "rowNumber"];

    public static string ODataType(EntryType type) => type switch
    {
        EntryType.Folder => "#Laserfiche.Repository.Folder",
        EntryType.RecordSeries => "#Laserfiche.Repository.RecordSeries",
        EntryType.Document => "#Laserfiche.Repository.Document",
        _ => "#Laserfiche.Repository.Shortcut",
    };

    public static string TypeName(EntryType type) => type switch
    {
        EntryType.Folder => "Folder",
        EntryType.RecordSeries => "RecordSeries",
        EntryType.Document => "Document",
        _ => "Shortcut",
    };

    /// <param name="w">The writer.</param>
    /// <param name="e">The entry.</param>
    /// <param name="select">The <c>$select</c>ed members, or null for all.</param>
    /// <param name="rowNumber">The row number in a listing.</param>
    /// <param name="context">The <c>@odata.context</c> of a single-entry response.</param>
    /// <param name="templateFieldNames">The names of the fields of the entry's template, when it has one.</param>
    /// <param name="writeFields">Writes the <c>fields</c> member (listings with <c>fields=</c>).</param>
    /// <param name="withoutPaths">Write fullPath and folderPath as null (search results carry no paths).</param>
    /// <param name="v1">Write the v1 shape, whose document size member is <c>elecDocumentSize</c>.</param>
    /// <param name="childInfo">A folder's <c>childInfo</c> (GetEntry with includeChildInfo).</param>
    /// <param name="viewer">The caller, on single-entry answers: documents then say whether another user holds their lock or check-out.</param>
    /// <param name="totalDocumentSize">A document's <c>totalDocumentSize</c> (GetEntry with includeTotalSize).</param>
    public static void Write(
        Utf8JsonWriter w, EntryRecord e, IReadOnlySet<string>? select = null, int? rowNumber = null, string? context = null,
        IReadOnlyList<string>? templateFieldNames = null, Action<Utf8JsonWriter>? writeFields = null, bool withoutPaths = false, bool v1 = false,
        ChildInfo? childInfo = null, string? viewer = null, long? totalDocumentSize = null)
    {
        w.WriteStartObject();
        if (context is not null)
        {
            w.WriteString("@odata.context", context);
        }
        w.WriteString("@odata.type", ODataType(e.EntryType));
        w.WriteNumber("id", e.Id);
        if (Wants(select, "isContainer")) w.WriteBoolean("isContainer", e.IsContainer);
        if (Wants(select, "isLeaf")) w.WriteBoolean("isLeaf", !e.IsContainer);
        w.WriteString("name", e.Name);
        if (e.ParentId is { } parentId && Wants(select, "parentId")) w.WriteNumber("parentId", parentId);
        if (withoutPaths)
        {
            if (Wants(select, "fullPath")) w.WriteNull("fullPath");
            if (Wants(select, "folderPath")) w.WriteNull("folderPath");
        }
        else
        {
            if (Wants(select, "fullPath")) w.WriteString("fullPath", e.FullPath);
            if (e.FolderPath is { } folderPath && Wants(select, "folderPath")) w.WriteString("folderPath", folderPath);
        }
        if (Wants(select, "creator")) w.WriteString("creator", e.Creator);
        if (Wants(select, "creationTime")) w.WriteString("creationTime", new DateTime(e.CreationTicks, DateTimeKind.Utc));
        if (Wants(select, "lastModifiedTime")) w.WriteString("lastModifiedTime", new DateTime(e.LastModifiedTicks, DateTimeKind.Utc));
        w.WriteString("entryType", TypeName(e.EntryType));
        if (Wants(select, "templateName")) w.WriteString("templateName", e.TemplateName);
        if (Wants(select, "templateId")) w.WriteNumber("templateId", e.TemplateId);
        if (templateFieldNames is not null && Wants(select, "templateFieldNames"))
        {
            w.WriteStartArray("templateFieldNames");
            foreach (var name in templateFieldNames)
            {
                w.WriteStringValue(name);
            }
            w.WriteEndArray();
        }
        if (Wants(select, "volumeName")) w.WriteString("volumeName", e.VolumeName);
        if (rowNumber is { } row) w.WriteNumber("rowNumber", row);

        switch (e.EntryType)
        {
            case EntryType.Folder:
                if (Wants(select, "isRecordFolder")) w.WriteBoolean("isRecordFolder", e.IsRecord);
                if (Wants(select, "isUnderRecordSeries")) w.WriteBoolean("isUnderRecordSeries", e.IsUnderRecordSeries);
                if (childInfo is not null && Wants(select, "childInfo"))
                {
                    w.WriteStartObject("childInfo");
                    w.WriteBoolean("hasChildren", childInfo.HasChildren);
                    w.WriteNumber("childCount", childInfo.ChildCount);
                    w.WriteNumber("folderCount", childInfo.FolderCount);
                    w.WriteNumber("documentCount", childInfo.DocumentCount);
                    w.WriteNumber("shortcutCount", childInfo.ShortcutCount);
                    w.WriteEndObject();
                }
                break;
            case EntryType.Document:
                if (Wants(select, "electronicDocumentSize")) w.WriteNumber(v1 ? "elecDocumentSize" : "electronicDocumentSize", e.ElectronicDocumentSize);
                if (totalDocumentSize is { } totalSize && Wants(select, "totalDocumentSize")) w.WriteNumber("totalDocumentSize", totalSize);
                if (Wants(select, "extension")) w.WriteString("extension", e.Extension);
                if (Wants(select, "isElectronicDocument")) w.WriteBoolean("isElectronicDocument", e.IsElectronicDocument);
                if (Wants(select, "isRecord")) w.WriteBoolean("isRecord", e.IsRecord);
                if (Wants(select, "mimeType")) w.WriteString("mimeType", e.MimeType);
                if (Wants(select, "pageCount")) w.WriteNumber("pageCount", e.PageCount);
                if (Wants(select, "isCheckedOut")) w.WriteBoolean("isCheckedOut", e.CheckedOutBy is not null);
                if (Wants(select, "isUnderVersionControl")) w.WriteBoolean("isUnderVersionControl", e.IsUnderVersionControl);
                if (!v1)
                {
                    WriteLockAndVersion(w, e, select, viewer);
                }
                break;
            case EntryType.Shortcut:
                if (Wants(select, "targetId")) w.WriteNumber("targetId", e.TargetId ?? 0);
                if (Wants(select, "extension")) w.WriteString("extension", e.Extension);
                if (e.TargetType is { } targetType && Wants(select, "targetType")) w.WriteString("targetType", TypeName(targetType));
                break;
        }
        writeFields?.Invoke(w);
        w.WriteEndObject();
    }

    /// <summary>The 2026 members of a document: its persistent lock, its version and its check-out.</summary>
    private static void WriteLockAndVersion(Utf8JsonWriter w, EntryRecord e, IReadOnlySet<string>? select, string? viewer)
    {
        if (Wants(select, "isLocked")) w.WriteBoolean("isLocked", e.LockedBy is not null);
        if (Wants(select, "lockedBy")) WriteNullable(w, "lockedBy", e.LockedBy);
        if (viewer is not null && Wants(select, "isLockedByAnotherUser")) w.WriteBoolean("isLockedByAnotherUser", e.LockedBy is not null && e.LockedBy != viewer);
        if (Wants(select, "currentVersion")) w.WriteNumber("currentVersion", e.CurrentVersion);
        if (Wants(select, "checkedOutBy")) WriteNullable(w, "checkedOutBy", e.CheckedOutBy);
        if (viewer is not null && Wants(select, "isCheckedOutByAnotherUser"))
        {
            w.WriteBoolean("isCheckedOutByAnotherUser", e.CheckedOutBy is not null && e.CheckedOutBy != viewer);
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static bool Wants(IReadOnlySet<string>? select, string member) =>
        select is null || select.Contains(member) || AlwaysSelected.Contains(member);
}
