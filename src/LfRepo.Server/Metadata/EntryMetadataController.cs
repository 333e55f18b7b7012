using LfRepo.Server.Api;
using LfRepo.Server.Documents;
using LfRepo.Server.Entries;
using LfRepo.Server.OData;
using Microsoft.AspNetCore.Mvc;
using LfRepo.Server.Security;

namespace LfRepo.Server.Metadata;

/// <summary>An entry's fields, tags, links and template.</summary>
[ApiController]
[Tags("Entries")]
[Route("v2/Repositories/{repositoryId}/Entries/{entryId:int}")]
public sealed class EntryMetadataController(MetadataService metadata, MetadataCatalog catalog) : ControllerBase
{
    private static readonly ListingShape Fields = MetadataWire.Field.Listing(nameof(ListFields));
    private static readonly ListingShape Tags = MetadataWire.Tag.Listing(nameof(ListTags));
    private static readonly ListingShape Links = MetadataWire.Link.Listing(nameof(ListLinks));
    private const string FieldsContext = "Collection(Laserfiche.Repository.Field)";
    private const string TagsContext = "Collection(Laserfiche.Repository.Tag)";
    private const string LinksContext = "Collection(Laserfiche.Repository.Link)";

    /// <summary>Returns the fields assigned to an entry: its template's fields, then independent fields with values.</summary>
    [HttpGet("Fields")]
    public async Task<IActionResult> ListFields(string repositoryId, int entryId, [FromQuery] bool formatFieldValues, [FromQuery] string? culture, CancellationToken cancellationToken)
    {
        var format = FieldValues.Culture(culture);
        var fields = await metadata.ListFieldsAsync(entryId, this.UserName(), cancellationToken);
        return MetadataListing.Respond(Request, MetadataWire.Field, Fields, formatFieldValues ? Formatted(fields, format) : fields, FieldsContext);
    }

    /// <summary>Replaces the field values of an entry; answers all fields after the update.</summary>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpPut("Fields")]
    [EntryRight(EntryRight.WriteMetadata)]
    [Consumes("application/json")]
    public async Task<IActionResult> SetFields(string repositoryId, int entryId, [FromBody] SetFieldsRequest request, [FromQuery] string? culture, CancellationToken cancellationToken)
    {
        FieldValues.Culture(culture);
        var fields = await metadata.SetFieldsAsync(entryId, request.Fields, this.UserName(), cancellationToken);
        return MetadataListing.RespondAll(Request, MetadataWire.Field, fields, FieldsContext);
    }

    /// <summary>Returns the tags assigned to an entry.</summary>
    [HttpGet("Tags")]
    public async Task<IActionResult> ListTags(string repositoryId, int entryId, CancellationToken cancellationToken) =>
        MetadataListing.Respond(Request, MetadataWire.Tag, Tags, await metadata.ListTagsAsync(entryId, cancellationToken), TagsContext);

    /// <summary>Replaces the tags of an entry.</summary>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpPut("Tags")]
    [EntryRight(EntryRight.WriteMetadata)]
    [Consumes("application/json")]
    public async Task<IActionResult> SetTags(string repositoryId, int entryId, [FromBody] SetTagsRequest request, CancellationToken cancellationToken) =>
        MetadataListing.RespondAll(Request, MetadataWire.Tag, await metadata.SetTagsAsync(entryId, request.Tags, cancellationToken), TagsContext);

    /// <summary>Returns the links an entry is the source or target of.</summary>
    [HttpGet("Links")]
    public async Task<IActionResult> ListLinks(string repositoryId, int entryId, CancellationToken cancellationToken) =>
        MetadataListing.Respond(Request, MetadataWire.Link, Links, await metadata.ListLinksAsync(entryId, EntriesUri(repositoryId), this.UserName(), cancellationToken), LinksContext);

    /// <summary>Replaces the links of an entry.</summary>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpPut("Links")]
    [EntryRight(EntryRight.WriteMetadata)]
    [Consumes("application/json")]
    public async Task<IActionResult> SetLinks(string repositoryId, int entryId, [FromBody] SetLinksRequest request, CancellationToken cancellationToken)
    {
        await metadata.SetLinksAsync(entryId, request.Links, this.UserName(), cancellationToken);
        return MetadataListing.RespondAll(Request, MetadataWire.Link, await metadata.ListLinksAsync(entryId, EntriesUri(repositoryId), this.UserName(), cancellationToken), LinksContext);
    }

    /// <summary>Assigns a template (and values of its fields) to an entry; answers the updated entry.</summary>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpPut("Template")]
    [EntryRight(EntryRight.WriteMetadata)]
    [Consumes("application/json")]
    public async Task<IActionResult> SetTemplate(string repositoryId, int entryId, [FromBody] SetTemplateRequest request, [FromQuery] string? culture, CancellationToken cancellationToken)
    {
        FieldValues.Culture(culture);
        return Entry(repositoryId, await metadata.SetTemplateAsync(entryId, request.TemplateName, request.Fields, this.UserName(), cancellationToken));
    }

    /// <summary>Removes the template of an entry; answers the updated entry.</summary>
    [DocumentWrite(LockExtent.Metadata)]
    [HttpDelete("Template")]
    [EntryRight(EntryRight.WriteMetadata)]
    public async Task<IActionResult> RemoveTemplate(string repositoryId, int entryId, CancellationToken cancellationToken) =>
        Entry(repositoryId, await metadata.RemoveTemplateAsync(entryId, cancellationToken));

    /// <summary>Returns, for each dynamic field of the template, the values allowed with the given field values.</summary>
    [HttpPost("Fields/GetDynamicFieldLogicValue")]
    [Consumes("application/json")]
    public async Task<IActionResult> ListDynamicFieldValues(string repositoryId, int entryId, [FromBody] ListDynamicFieldValuesRequest request, CancellationToken cancellationToken)
    {
        var values = await metadata.ListDynamicFieldValuesAsync(entryId, request, cancellationToken);
        return MetadataListing.RespondMap(values);
    }

    private static List<EntryField> Formatted(IEnumerable<EntryField> fields, System.Globalization.CultureInfo culture) =>
        [.. fields.Select(f => f with { Values = [.. f.Values.Select(v => FieldValues.Format(f.Field, v, culture))] })];

    private JsonBodyResult Entry(string repositoryId, EntryRecord entry)
    {
        var context = $"{NextLink.Base(Request)}/v2/$metadata#Repositories('{repositoryId}')/Entries/{EntryJson.ODataType(entry.EntryType)[1..]}/$entity";
        var names = catalog.TemplateFieldNames(entry.TemplateId);
        return new JsonBodyResult(w => EntryJson.Write(w, entry, context: context, templateFieldNames: names));
    }

    private string EntriesUri(string repositoryId) =>
        $"{NextLink.Base(Request)}/v2/Repositories/{Uri.EscapeDataString(repositoryId)}/Entries";
}
