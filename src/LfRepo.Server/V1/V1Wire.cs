using System.Text.Json.Serialization;
using LfRepo.Server.Entries;
using LfRepo.Server.OData;
using Microsoft.Extensions.Primitives;

namespace LfRepo.Server.V1;

/// <summary>Body of CreateOrCopyEntry: a folder or shortcut to create, or (with sourceId) an entry to copy.</summary>
public sealed record PostEntryChildrenRequest
{
    public string? Name { get; init; }

    public EntryTypeName? EntryType { get; init; }

    public int? TargetId { get; init; }

    public int? SourceId { get; init; }

    public string? VolumeName { get; init; }
}

/// <summary>Body of MoveOrRenameEntry; autoRename is a query parameter in v1.</summary>
public sealed record PatchEntryRequest
{
    public int? ParentId { get; init; }

    public string? Name { get; init; }
}

/// <summary>Body of CopyEntryAsync.</summary>
public sealed record CopyAsyncRequest
{
    public string? Name { get; init; }

    public int? SourceId { get; init; }

    public string? VolumeName { get; init; }
}

/// <summary>Body of DeleteEntryInfo; may be absent.</summary>
public sealed record DeleteEntryWithAuditReason
{
    public int? AuditReasonId { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }
}

/// <summary>v1 names and paths for what v2 already serves.</summary>
public static class V1Names
{
    /// <summary>
    /// The v1 entry shape names the document size <c>elecDocumentSize</c>; the shared EDM type knows it as
    /// <c>electronicDocumentSize</c>, so <c>$select</c> and <c>$orderby</c> are translated before parsing.
    /// </summary>
    public static IQueryCollection TranslateQuery(IQueryCollection query)
    {
        var translated = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in query)
        {
            translated[key] = key.Equals("$select", StringComparison.OrdinalIgnoreCase) || key.Equals("$orderby", StringComparison.OrdinalIgnoreCase)
                ? new StringValues([.. values.Select(v => v?.Replace("elecDocumentSize", "electronicDocumentSize", StringComparison.OrdinalIgnoreCase))])
                : values;
        }
        return new QueryCollection(translated);
    }

    public static string EntryUri(HttpRequest request, string repoId, int entryId) =>
        $"{NextLink.Base(request)}/v1/Repositories/{Uri.EscapeDataString(repoId)}/Entries/{entryId}";

    public static string EntryContext(HttpRequest request, string repoId, Entries.EntryType type) =>
        $"{NextLink.Base(request)}/v1/$metadata#Repositories('{repoId}')/Entries/{EntryJson.ODataType(type)[1..]}/$entity";
}
