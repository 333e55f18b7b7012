using LfRepo.Server.Api;
using LfRepo.Server.Documents;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;
using LfRepo.Server.Security;

namespace LfRepo.Server.V1;

/// <summary>Body of v1 WriteTemplateValueToEntry: the fields are an object keyed by field name.</summary>
public sealed record PutTemplateRequest
{
    public string? TemplateName { get; init; }

    public Dictionary<string, V1FieldToUpdate?>? Fields { get; init; }
}

/// <summary>v1's values of one field, each with its 1-based position.</summary>
public sealed record V1FieldToUpdate
{
    public List<ValueToUpdate?>? Values { get; init; }
}

public sealed record ValueToUpdate
{
    public string? Value { get; init; }

    public int Position { get; init; }
}

/// <summary>One link of v1 AssignEntryLinks: the entry is its source.</summary>
public sealed record PutLinksRequest
{
    public int? TargetId { get; init; }

    public int? LinkTypeId { get; init; }

    public Dictionary<string, string>? CustomProperties { get; init; }
}

/// <summary>Body of v1 AssignTags.</summary>
public sealed record PutTagRequest
{
    public List<string?>? Tags { get; init; }
}

/// <summary>An entry's tags and template in v1, through the MetadataService v2 uses.</summary>
[ApiController]
[Tags("Entries")]
[Route("v1/Repositories/{repoId}/Entries/{entryId:int}")]
public sealed class V1EntryMetadataController(MetadataService metadata, MetadataCatalog catalog) : ControllerBase
{
    private static readonly ListingShape Tags = MetadataWire.Tag.Listing(nameof(GetTagsAssignedToEntry));
    private const string TagsContext = "Collection(Laserfiche.Repository.WTagInfo)";
    private const string LinksContext = "Collection(Laserfiche.Repository.WEntryLinkInfo)";

    /// <summary>v1's WEntryLinkInfo: v2 Link's content under v1 names.</summary>
    public static readonly WireShape<EntryLink> LinkInfo = new("WEntryLinkInfo", "linkId",
        new("linkId", MemberKind.Int32, l => l.Record.Id),
        new("sourceId", MemberKind.Int32, l => l.Record.SourceId),
        new("sourceFullPath", MemberKind.String, l => l.Source?.FullPath),
        new("sourceLabel", MemberKind.String, l => l.Definition.SourceLabel),
        new("targetId", MemberKind.Int32, l => l.Record.TargetId),
        new("targetFullPath", MemberKind.String, l => l.Target?.FullPath),
        new("targetLabel", MemberKind.String, l => l.Definition.TargetLabel),
        new("description", MemberKind.String, l => l.Definition.Description),
        new("linkTypeDescription", MemberKind.String, l => l.Definition.Description),
        new("linkTypeId", MemberKind.Int32, l => l.Record.LinkDefinitionId),
        new("linkProperties", MemberKind.StringMap, l => l.Record.CustomPropertiesJson is { } json
            ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) : null),
        new("sourceLink", MemberKind.String, l => l.SourceLink),
        new("targetLink", MemberKind.String, l => l.TargetLink));

    private static readonly ListingShape Links = LinkInfo.Listing(nameof(GetLinkValuesFromEntry));

    /// <summary>Returns the links assigned to an entry (as source or target).</summary>
    [HttpGet("links")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetLinkValuesFromEntry(string repoId, int entryId, CancellationToken cancellationToken) =>
        MetadataListing.Respond(Request, LinkInfo, Links, await metadata.ListLinksAsync(entryId, EntriesUri(repoId), this.UserName(), cancellationToken), LinksContext, "v1");

    /// <summary>Assign links to an entry (an overwrite); each link has the entry as its source.</summary>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpPut("links")]
    [EntryRight(EntryRight.WriteMetadata)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> AssignEntryLinks(string repoId, int entryId, [FromBody] List<PutLinksRequest?>? request, CancellationToken cancellationToken)
    {
        var links = (request ?? []).Select(l => l is null ? null : new LinkToUpdate { LinkDefinitionId = l.LinkTypeId, OtherEntryId = l.TargetId, IsSource = true, CustomProperties = l.CustomProperties }).ToList();
        await metadata.SetLinksAsync(entryId, links, this.UserName(), cancellationToken);
        return MetadataListing.RespondAll(Request, LinkInfo, await metadata.ListLinksAsync(entryId, EntriesUri(repoId), this.UserName(), cancellationToken), LinksContext, "v1");
    }
    private const string FieldsContext = "Collection(Laserfiche.Repository.FieldValue)";

    /// <summary>v1's FieldValue: v2 Field's content under v1 names, values as {value, position} objects.</summary>
    public static readonly WireShape<EntryField> FieldValue = new("FieldValue", "fieldId",
        new("fieldName", MemberKind.String, f => f.Field.Name),
        new("values", MemberKind.Strings, f => (IReadOnlyList<PositionedValue>)[.. f.Values.Select((v, i) => new PositionedValue(v, i + 1))]),
        new("fieldType", MemberKind.String, f => f.Field.FieldType.ToString()),
        new("fieldId", MemberKind.Int32, f => f.Field.Id),
        new("isMultiValue", MemberKind.Boolean, f => f.Field.Record.IsMultiValue),
        new("isRequired", MemberKind.Boolean, f => f.InTemplate?.IsRequired ?? false),
        new("hasMoreValues", MemberKind.Boolean, f => f.HasMoreValues),
        new("groupId", MemberKind.Int32, f => f.InTemplate?.GroupId));

    private static readonly ListingShape Fields = FieldValue.Listing(nameof(GetFieldValues));

    /// <summary>Returns the fields assigned to an entry.</summary>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="entryId">The entry.</param>
    /// <param name="formatValue">Format the values for <paramref name="culture"/>.</param>
    /// <param name="culture">The language tag values are formatted for.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("fields")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetFieldValues(string repoId, int entryId, [FromQuery] bool formatValue, [FromQuery] string? culture, CancellationToken cancellationToken)
    {
        var format = FieldValues.Culture(culture);
        var fields = await metadata.ListFieldsAsync(entryId, this.UserName(), cancellationToken);
        var shown = formatValue ? [.. fields.Select(f => f with { Values = [.. f.Values.Select(v => FieldValues.Format(f.Field, v, format))] })] : fields;
        return MetadataListing.Respond(Request, FieldValue, Fields, shown, FieldsContext, "v1");
    }

    /// <summary>Update the field values assigned to an entry (an overwrite).</summary>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="entryId">The entry.</param>
    /// <param name="request">The fields to set, keyed by field name.</param>
    /// <param name="culture">The language tag values are read in.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpPut("fields")]
    [EntryRight(EntryRight.WriteMetadata)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> AssignFieldValues(
        string repoId, int entryId, [FromBody] Dictionary<string, V1FieldToUpdate?>? request, [FromQuery] string? culture, CancellationToken cancellationToken)
    {
        FieldValues.Culture(culture);
        var fields = await metadata.SetFieldsAsync(entryId, ToFields(request) ?? [], this.UserName(), cancellationToken);
        return MetadataListing.RespondAll(Request, FieldValue, fields, FieldsContext, "v1");
    }

    /// <summary>Returns the tags assigned to an entry.</summary>
    [HttpGet("tags")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetTagsAssignedToEntry(string repoId, int entryId, CancellationToken cancellationToken) =>
        MetadataListing.Respond(Request, MetadataWire.Tag, Tags, await metadata.ListTagsAsync(entryId, cancellationToken), TagsContext, "v1");

    /// <summary>Assign tags to an entry (an overwrite).</summary>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpPut("tags")]
    [EntryRight(EntryRight.WriteMetadata)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> AssignTags(string repoId, int entryId, [FromBody] PutTagRequest request, CancellationToken cancellationToken) =>
        MetadataListing.RespondAll(Request, MetadataWire.Tag, await metadata.SetTagsAsync(entryId, request.Tags, cancellationToken), TagsContext, "v1");

    /// <summary>Returns dynamic field logic values with the current values of the fields in the template.</summary>
    [HttpPost("fields/GetDynamicFieldLogicValue")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetDynamicFieldValues(string repoId, int entryId, [FromBody] ListDynamicFieldValuesRequest request, CancellationToken cancellationToken)
    {
        var values = await metadata.ListDynamicFieldValuesAsync(entryId, request, cancellationToken);
        return MetadataListing.RespondMap(values);
    }

    /// <summary>Assign a template (and values of its fields) to an entry.</summary>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="entryId">The entry.</param>
    /// <param name="request">The template name and its field values, keyed by field name.</param>
    /// <param name="culture">The language tag values are read in.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpPut("template")]
    [EntryRight(EntryRight.WriteMetadata)]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> WriteTemplateValueToEntry(
        string repoId, int entryId, [FromBody] PutTemplateRequest request, [FromQuery] string? culture, CancellationToken cancellationToken)
    {
        FieldValues.Culture(culture);
        return Entry(repoId, await metadata.SetTemplateAsync(entryId, request.TemplateName, ToFields(request.Fields), this.UserName(), cancellationToken));
    }

    /// <summary>Remove the currently assigned template from the specified entry.</summary>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpDelete("template")]
    [EntryRight(EntryRight.WriteMetadata)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> DeleteAssignedTemplate(string repoId, int entryId, CancellationToken cancellationToken) =>
        Entry(repoId, await metadata.RemoveTemplateAsync(entryId, cancellationToken));

    /// <summary>v1 names each value's position; v2 lists values in order, so positions are sorted and must be distinct.</summary>
    public static List<FieldToUpdate?>? ToFields(Dictionary<string, V1FieldToUpdate?>? fields) =>
        fields?.Select(f =>
        {
            var values = (f.Value?.Values ?? []).Select(v => v ?? throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"Field '{f.Key}' has a null value entry.")).ToList();
            if (values.Select(v => v.Position).Distinct().Count() != values.Count)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"Field '{f.Key}' names a value position more than once.");
            }
            return (FieldToUpdate?)new FieldToUpdate { Name = f.Key, Values = [.. values.OrderBy(v => v.Position).Select(v => v.Value)] };
        }).ToList();

    private string EntriesUri(string repoId) =>
        $"{NextLink.Base(Request)}/v1/Repositories/{Uri.EscapeDataString(repoId)}/Entries";

    private JsonBodyResult Entry(string repoId, EntryRecord entry)
    {
        var context = V1Names.EntryContext(Request, repoId, entry.EntryType);
        return new JsonBodyResult(w => EntryJson.Write(w, entry, context: context, templateFieldNames: catalog.TemplateFieldNames(entry.TemplateId), v1: true));
    }
}

/// <summary>v1 tag definitions: the catalogue's, in the WTagInfo shape (the same members as v2's).</summary>
[ApiController]
[Tags("TagDefinitions")]
[Route("v1/Repositories/{repoId}/TagDefinitions")]
public sealed class V1TagDefinitionsController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly ListingShape List = MetadataWire.TagDefinition.Listing(nameof(GetTagDefinitions));
    private static readonly ListingShape One = MetadataWire.TagDefinition.Single(nameof(GetTagDefinitionById));

    /// <summary>Returns all tag definitions in the repository.</summary>
    [HttpGet]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetTagDefinitions(string repoId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        return MetadataListing.Respond(Request, MetadataWire.TagDefinition, List, catalog.Tags, "Collection(Laserfiche.Repository.WTagInfo)", "v1");
    }

    /// <summary>Returns a single tag definition.</summary>
    [HttpGet("{tagId:int}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetTagDefinitionById(string repoId, int tagId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        var tag = catalog.FindTag(tagId) ?? throw new ApiProblemException(ProblemCatalog.TagDefinitionNotFound, $"Tag definition {tagId} does not exist.");
        return MetadataListing.RespondOne(Request, MetadataWire.TagDefinition, One, tag, "Laserfiche.Repository.WTagInfo", "v1");
    }
}
