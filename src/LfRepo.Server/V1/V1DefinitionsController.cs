using System.Security.Claims;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.V1;

/// <summary>The v1 definition shapes (WFieldInfo, TemplateFieldInfo, WTemplateInfo, EntryLinkTypeInfo) over the catalogue's records.</summary>
public static class V1DefinitionWire
{
    public static readonly WireShape<FieldDefinition> FieldInfo = new("WFieldInfo", "id", [.. MetadataWire.FieldDefinitionMembers<FieldDefinition>(f => f, v2: false)]);

    public static readonly WireShape<TemplateField> TemplateFieldInfo = new("TemplateFieldInfo", "id", [.. MetadataWire.TemplateFieldMembers(v2: false)]);

    public static readonly WireShape<TemplateDefinition> TemplateInfo = new("WTemplateInfo", "id", [.. MetadataWire.TemplateMembers()]);

    public static readonly WireShape<LinkDefinitionRecord> LinkTypeInfo = new("EntryLinkTypeInfo", "linkTypeId",
        new("linkTypeId", MemberKind.Int32, l => l.Id),
        new("sourceLabel", MemberKind.String, l => l.SourceLabel),
        new("targetLabel", MemberKind.String, l => l.TargetLabel),
        new("linkTypeDescription", MemberKind.String, l => l.Description));
}

[ApiController]
[Tags("FieldDefinitions")]
[Route("v1/Repositories/{repoId}/FieldDefinitions")]
public sealed class V1FieldDefinitionsController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly ListingShape List = V1DefinitionWire.FieldInfo.Listing(nameof(GetFieldDefinitions));
    private static readonly ListingShape One = V1DefinitionWire.FieldInfo.Single(nameof(GetFieldDefinitionById));

    /// <summary>Returns a paged listing of field definitions available in the specified repository.</summary>
    [HttpGet]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetFieldDefinitions(string repoId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        return MetadataListing.Respond(Request, V1DefinitionWire.FieldInfo, List, catalog.Fields, "Collection(Laserfiche.Repository.WFieldInfo)", "v1");
    }

    /// <summary>Returns a single field definition associated with the specified ID.</summary>
    [HttpGet("{fieldDefinitionId:int}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetFieldDefinitionById(string repoId, int fieldDefinitionId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        var field = catalog.FindField(fieldDefinitionId)
            ?? throw new ApiProblemException(ProblemCatalog.FieldDefinitionNotFound, $"Field definition {fieldDefinitionId} does not exist.");
        return MetadataListing.RespondOne(Request, V1DefinitionWire.FieldInfo, One, field, "Laserfiche.Repository.WFieldInfo", "v1");
    }
}

[ApiController]
[Tags("TemplateDefinitions")]
[Route("v1/Repositories/{repoId}/TemplateDefinitions")]
public sealed class V1TemplateDefinitionsController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly ListingShape List = V1DefinitionWire.TemplateInfo.Listing(nameof(GetTemplateDefinitions));
    private static readonly ListingShape One = V1DefinitionWire.TemplateInfo.Single(nameof(GetTemplateDefinitionById));
    private static readonly ListingShape FieldsById = V1DefinitionWire.TemplateFieldInfo.Listing(nameof(GetTemplateFieldDefinitions));
    private static readonly ListingShape FieldsByName = V1DefinitionWire.TemplateFieldInfo.Listing(nameof(GetTemplateFieldDefinitionsByTemplateName));
    private const string FieldsContext = "Collection(Laserfiche.Repository.TemplateFieldInfo)";

    /// <summary>Returns all template definitions in the repository, or the one templateName names.</summary>
    [HttpGet]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetTemplateDefinitions(string repoId, [FromQuery] string? templateName, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        var templates = string.IsNullOrEmpty(templateName) ? catalog.Templates : [catalog.GetTemplate(templateName)];
        return MetadataListing.Respond(Request, V1DefinitionWire.TemplateInfo, List, templates, "Collection(Laserfiche.Repository.WTemplateInfo)", "v1");
    }

    /// <summary>Returns a single template definition.</summary>
    [HttpGet("{templateId:int}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetTemplateDefinitionById(string repoId, int templateId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        return MetadataListing.RespondOne(Request, V1DefinitionWire.TemplateInfo, One, Get(templateId), "Laserfiche.Repository.WTemplateInfo", "v1");
    }

    /// <summary>Returns the field definitions assigned to a template definition.</summary>
    [HttpGet("{templateId:int}/Fields")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetTemplateFieldDefinitions(string repoId, int templateId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        return MetadataListing.Respond(Request, V1DefinitionWire.TemplateFieldInfo, FieldsById, Get(templateId).Fields, FieldsContext, "v1");
    }

    /// <summary>Returns the field definitions assigned to a template definition, by template name.</summary>
    [HttpGet("Fields")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetTemplateFieldDefinitionsByTemplateName(string repoId, [FromQuery] string? templateName, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        if (string.IsNullOrEmpty(templateName))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The query parameter 'templateName' is required.");
        }
        return MetadataListing.Respond(Request, V1DefinitionWire.TemplateFieldInfo, FieldsByName, catalog.GetTemplate(templateName).Fields, FieldsContext, "v1");
    }

    private TemplateDefinition Get(int templateId) =>
        catalog.FindTemplate(templateId) ?? throw new ApiProblemException(ProblemCatalog.TemplateNotFound, $"Template definition {templateId} does not exist.");
}

[ApiController]
[Tags("LinkDefinitions")]
[Route("v1/Repositories/{repoId}/LinkDefinitions")]
public sealed class V1LinkDefinitionsController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly ListingShape List = V1DefinitionWire.LinkTypeInfo.Listing(nameof(GetLinkDefinitions));
    private static readonly ListingShape One = V1DefinitionWire.LinkTypeInfo.Single(nameof(GetLinkDefinitionById));

    /// <summary>Returns the link definitions in the repository.</summary>
    [HttpGet]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetLinkDefinitions(string repoId) =>
        MetadataListing.Respond(Request, V1DefinitionWire.LinkTypeInfo, List, catalog.Links, "Collection(Laserfiche.Repository.EntryLinkTypeInfo)", "v1");

    /// <summary>Returns a single link definition associated with the specified ID.</summary>
    [HttpGet("{linkTypeId:int}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetLinkDefinitionById(string repoId, int linkTypeId)
    {
        var link = catalog.FindLink(linkTypeId)
            ?? throw new ApiProblemException(ProblemCatalog.LinkDefinitionNotFound, $"Link definition {linkTypeId} does not exist.");
        return MetadataListing.RespondOne(Request, V1DefinitionWire.LinkTypeInfo, One, link, "Laserfiche.Repository.EntryLinkTypeInfo", "v1");
    }
}

[ApiController]
[Tags("Attributes")]
[Route("v1/Repositories/{repoId}/Attributes")]
public sealed class V1AttributesController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly ListingShape List = MetadataWire.Attribute.Listing(nameof(GetTrusteeAttributeKeyValuePairs));
    private static readonly ListingShape One = MetadataWire.Attribute.Single(nameof(GetTrusteeAttributeValueByKey));

    /// <summary>Returns the attribute key value pairs of the authenticated user, or of the Everyone group with everyone=true.</summary>
    [HttpGet]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetTrusteeAttributeKeyValuePairs(string repoId, [FromQuery] bool everyone) =>
        MetadataListing.Respond(Request, MetadataWire.Attribute, List, Owned(everyone), "Collection(Laserfiche.Repository.Attribute)", "v1");

    /// <summary>Returns the attribute associated with the key.</summary>
    [HttpGet("{attributeKey}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetTrusteeAttributeValueByKey(string repoId, string attributeKey, [FromQuery] bool everyone)
    {
        var attribute = Owned(everyone).FirstOrDefault(a => a.Key.Equals(attributeKey, StringComparison.OrdinalIgnoreCase))
            ?? throw new ApiProblemException(ProblemCatalog.AttributeNotFound, $"The attribute '{attributeKey}' does not exist.");
        return MetadataListing.RespondOne(Request, MetadataWire.Attribute, One, attribute, "Laserfiche.Repository.Attribute", "v1");
    }

    private IEnumerable<AttributeRecord> Owned(bool everyone)
    {
        var owner = everyone ? "" : User.FindFirstValue(ClaimTypes.Name) ?? "";
        return catalog.Attributes.Where(a => a.UserName.Equals(owner, StringComparison.OrdinalIgnoreCase));
    }
}
