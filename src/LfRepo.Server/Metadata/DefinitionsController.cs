using System.Security.Claims;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Metadata;

[ApiController]
[Tags("FieldDefinitions")]
[Route("v2/Repositories/{repositoryId}/FieldDefinitions")]
public sealed class FieldDefinitionsController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly OData.ListingShape List = MetadataWire.FieldDefinition.Listing(nameof(ListFieldDefinitions));
    private static readonly OData.ListingShape One = MetadataWire.FieldDefinition.Single(nameof(GetFieldDefinition));

    /// <summary>Returns a paged listing of field definitions available in the specified repository.</summary>
    [HttpGet]
    public IActionResult ListFieldDefinitions(string repositoryId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        return MetadataListing.Respond(Request, MetadataWire.FieldDefinition, List, catalog.Fields, "Collection(Laserfiche.Repository.FieldDefinition)");
    }

    /// <summary>Returns a single field definition associated with the specified ID.</summary>
    [HttpGet("{fieldId:int}")]
    public IActionResult GetFieldDefinition(string repositoryId, int fieldId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        var field = catalog.FindField(fieldId)
            ?? throw new ApiProblemException(ProblemCatalog.FieldDefinitionNotFound, $"Field definition {fieldId} does not exist.");
        return MetadataListing.RespondOne(Request, MetadataWire.FieldDefinition, One, field, "Laserfiche.Repository.FieldDefinition");
    }
}

[ApiController]
[Tags("TemplateDefinitions")]
[Route("v2/Repositories/{repositoryId}/TemplateDefinitions")]
public sealed class TemplateDefinitionsController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly OData.ListingShape List = MetadataWire.TemplateDefinition.Listing(nameof(ListTemplateDefinitions));
    private static readonly OData.ListingShape One = MetadataWire.TemplateDefinition.Single(nameof(GetTemplateDefinition));
    private static readonly OData.ListingShape FieldsById = MetadataWire.TemplateFieldDefinition.Listing(nameof(ListTemplateFieldDefinitionsByTemplateId));
    private static readonly OData.ListingShape FieldsByName = MetadataWire.TemplateFieldDefinition.Listing(nameof(ListTemplateFieldDefinitionsByTemplateName));
    private const string FieldsContext = "Collection(Laserfiche.Repository.TemplateFieldDefinition)";

    /// <summary>Returns all template definitions (optionally the one named by templateName) in the repository.</summary>
    [HttpGet]
    public IActionResult ListTemplateDefinitions(string repositoryId, [FromQuery] string? templateName, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        var templates = string.IsNullOrEmpty(templateName) ? catalog.Templates : [catalog.GetTemplate(templateName)];
        return MetadataListing.Respond(Request, MetadataWire.TemplateDefinition, List, templates, "Collection(Laserfiche.Repository.TemplateDefinition)");
    }

    /// <summary>Returns a single template definition (including field definitions, if relevant).</summary>
    [HttpGet("{templateId:int}")]
    public IActionResult GetTemplateDefinition(string repositoryId, int templateId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        return MetadataListing.RespondOne(Request, MetadataWire.TemplateDefinition, One, Get(templateId), "Laserfiche.Repository.TemplateDefinition");
    }

    /// <summary>Returns the field definitions assigned to a template definition.</summary>
    [HttpGet("{templateId:int}/FieldDefinitions")]
    public IActionResult ListTemplateFieldDefinitionsByTemplateId(string repositoryId, int templateId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        return MetadataListing.Respond(Request, MetadataWire.TemplateFieldDefinition, FieldsById, Get(templateId).Fields, FieldsContext);
    }

    /// <summary>Returns the field definitions assigned to a template definition, by template name.</summary>
    [HttpGet("FieldDefinitions")]
    public IActionResult ListTemplateFieldDefinitionsByTemplateName(string repositoryId, [FromQuery] string? templateName, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        if (string.IsNullOrEmpty(templateName))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The query parameter 'templateName' is required.");
        }
        return MetadataListing.Respond(Request, MetadataWire.TemplateFieldDefinition, FieldsByName, catalog.GetTemplate(templateName).Fields, FieldsContext);
    }

    private TemplateDefinition Get(int templateId) =>
        catalog.FindTemplate(templateId) ?? throw new ApiProblemException(ProblemCatalog.TemplateNotFound, $"Template definition {templateId} does not exist.");
}

[ApiController]
[Tags("TagDefinitions")]
[Route("v2/Repositories/{repositoryId}/TagDefinitions")]
public sealed class TagDefinitionsController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly OData.ListingShape List = MetadataWire.TagDefinition.Listing(nameof(ListTagDefinitions));
    private static readonly OData.ListingShape One = MetadataWire.TagDefinition.Single(nameof(GetTagDefinition));

    /// <summary>Returns all tag definitions in the repository.</summary>
    [HttpGet]
    public IActionResult ListTagDefinitions(string repositoryId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        return MetadataListing.Respond(Request, MetadataWire.TagDefinition, List, catalog.Tags, "Collection(Laserfiche.Repository.TagDefinition)");
    }

    /// <summary>Returns a single tag definition.</summary>
    [HttpGet("{tagId:int}")]
    public IActionResult GetTagDefinition(string repositoryId, int tagId, [FromQuery] string? culture)
    {
        FieldValues.Culture(culture);
        var tag = catalog.FindTag(tagId) ?? throw new ApiProblemException(ProblemCatalog.TagDefinitionNotFound, $"Tag definition {tagId} does not exist.");
        return MetadataListing.RespondOne(Request, MetadataWire.TagDefinition, One, tag, "Laserfiche.Repository.TagDefinition");
    }
}

[ApiController]
[Tags("LinkDefinitions")]
[Route("v2/Repositories/{repositoryId}/LinkDefinitions")]
public sealed class LinkDefinitionsController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly OData.ListingShape List = MetadataWire.LinkDefinition.Listing(nameof(ListLinkDefinitions));
    private static readonly OData.ListingShape One = MetadataWire.LinkDefinition.Single(nameof(GetLinkDefinition));

    /// <summary>Returns the link definitions in the repository.</summary>
    [HttpGet]
    public IActionResult ListLinkDefinitions(string repositoryId) =>
        MetadataListing.Respond(Request, MetadataWire.LinkDefinition, List, catalog.Links, "Collection(Laserfiche.Repository.LinkDefinition)");

    /// <summary>Returns a single link definition.</summary>
    [HttpGet("{linkDefinitionId:int}")]
    public IActionResult GetLinkDefinition(string repositoryId, int linkDefinitionId)
    {
        var link = catalog.FindLink(linkDefinitionId)
            ?? throw new ApiProblemException(ProblemCatalog.LinkDefinitionNotFound, $"Link definition {linkDefinitionId} does not exist.");
        return MetadataListing.RespondOne(Request, MetadataWire.LinkDefinition, One, link, "Laserfiche.Repository.LinkDefinition");
    }
}

[ApiController]
[Tags("Attributes")]
[Route("v2/Repositories/{repositoryId}/Attributes")]
public sealed class AttributesController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly OData.ListingShape List = MetadataWire.Attribute.Listing(nameof(ListAttributes));

    /// <summary>Returns the attributes of the current user, or of the Everyone group with everyone=true.</summary>
    [HttpGet]
    public IActionResult ListAttributes(string repositoryId, [FromQuery] bool everyone) =>
        MetadataListing.Respond(Request, MetadataWire.Attribute, List, Owned(everyone), "Collection(Laserfiche.Repository.Attribute)");

    /// <summary>Returns one attribute by key.</summary>
    [HttpGet("{attributeKey}")]
    public IActionResult GetAttribute(string repositoryId, string attributeKey, [FromQuery] bool everyone)
    {
        var attribute = Owned(everyone).FirstOrDefault(a => a.Key.Equals(attributeKey, StringComparison.OrdinalIgnoreCase))
            ?? throw new ApiProblemException(ProblemCatalog.AttributeNotFound, $"The attribute '{attributeKey}' does not exist.");
        return MetadataListing.RespondOne(Request, MetadataWire.Attribute, MetadataWire.Attribute.Single(nameof(GetAttribute)), attribute, "Laserfiche.Repository.Attribute");
    }

    private IEnumerable<AttributeRecord> Owned(bool everyone)
    {
        var owner = everyone ? "" : User.FindFirstValue(ClaimTypes.Name) ?? "";
        return catalog.Attributes.Where(a => a.UserName.Equals(owner, StringComparison.OrdinalIgnoreCase));
    }
}

[ApiController]
[Tags("AuditReasons")]
[Route("v2/Repositories/{repositoryId}/AuditReasons")]
public sealed class AuditReasonsController(MetadataCatalog catalog) : ControllerBase
{
    private static readonly OData.ListingShape List = MetadataWire.AuditReason.Listing(nameof(ListAuditReasons));

    /// <summary>Returns the audit reasons the current user can use.</summary>
    [HttpGet]
    public IActionResult ListAuditReasons(string repositoryId) =>
        MetadataListing.Respond(Request, MetadataWire.AuditReason, List, catalog.AuditReasons, "Collection(Laserfiche.Repository.AuditReason)");
}
