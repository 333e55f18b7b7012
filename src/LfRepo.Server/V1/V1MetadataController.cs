using LfRepo.Server.Api;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.AspNetCore.Mvc;

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

    /// <summary>Returns the tags assigned to an entry.</summary>
    [HttpGet("tags")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetTagsAssignedToEntry(string repoId, int entryId, CancellationToken cancellationToken) =>
        MetadataListing.Respond(Request, MetadataWire.Tag, Tags, await metadata.ListTagsAsync(entryId, cancellationToken), TagsContext, "v1");

    /// <summary>Assign tags to an entry (an overwrite).</summary>
    [HttpPut("tags")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> AssignTags(string repoId, int entryId, [FromBody] PutTagRequest request, CancellationToken cancellationToken) =>
        MetadataListing.RespondAll(Request, MetadataWire.Tag, await metadata.SetTagsAsync(entryId, request.Tags, cancellationToken), TagsContext, "v1");

    /// <summary>Assign a template (and values of its fields) to an entry.</summary>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="entryId">The entry.</param>
    /// <param name="request">The template name and its field values, keyed by field name.</param>
    /// <param name="culture">The language tag values are read in.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPut("template")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> WriteTemplateValueToEntry(
        string repoId, int entryId, [FromBody] PutTemplateRequest request, [FromQuery] string? culture, CancellationToken cancellationToken)
    {
        FieldValues.Culture(culture);
        return Entry(repoId, await metadata.SetTemplateAsync(entryId, request.TemplateName, ToFields(request.Fields), cancellationToken));
    }

    /// <summary>Remove the currently assigned template from the specified entry.</summary>
    [HttpDelete("template")]
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
