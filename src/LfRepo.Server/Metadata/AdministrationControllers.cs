using LfRepo.Server.Api;
using LfRepo.Server.OData;
using LfRepo.Server.Security;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Metadata;

/// <summary>Field definition administration: create, change, merge, convert and delete fields.</summary>
[ApiController]
[Tags("FieldDefinitions")]
[Route("v2/Repositories/{repositoryId}/FieldDefinitions")]
public sealed class FieldDefinitionAdministrationController(FieldAdministration fields) : ControllerBase
{
    private static readonly ListingShape Containing = MetadataWire.TemplateDefinition.Listing(nameof(GetFieldContainingTemplates));

    /// <summary>Creates a field definition of any type; a name another field has (ignoring case) is a 400.</summary>
    [Privilege(SecurityPrivileges.ManageTemplates)]
    [HttpPost]
    [Consumes("application/json")]
    public async Task<IActionResult> CreateFieldDefinition(string repositoryId, [FromBody] CreateFieldDefinitionRequest request, CancellationToken cancellationToken) =>
        Definition(await fields.CreateAsync(request, cancellationToken));

    /// <summary>Changes a field definition: null leaves a member, "" clears a string; the type and list values have their own operations.</summary>
    [DefinitionRight(FieldRight.ModifyDefinition)]
    [HttpPatch("{fieldId:int}")]
    [Consumes("application/json")]
    public async Task<IActionResult> UpdateFieldDefinition(string repositoryId, int fieldId, [FromBody] UpdateFieldDefinitionRequest request, CancellationToken cancellationToken) =>
        Definition(await fields.UpdateAsync(fieldId, request, cancellationToken));

    /// <summary>Deletes a field definition: it leaves every template and its values leave every entry.</summary>
    [DefinitionRight(FieldRight.Delete)]
    [HttpDelete("{fieldId:int}")]
    public async Task<IActionResult> DeleteFieldDefinition(string repositoryId, int fieldId, CancellationToken cancellationToken)
    {
        await fields.DeleteAsync(fieldId, cancellationToken);
        return NoContent();
    }

    /// <summary>Returns a List field's items in order; other fields have none.</summary>
    [DefinitionRight(FieldRight.ReadValue)]
    [HttpGet("{fieldId:int}/ListValues")]
    public IActionResult GetFieldListValues(string repositoryId, int fieldId) => ListValues(fields.Get(fieldId));

    /// <summary>Replaces a List field's items wholesale; empty or repeated values are a 400.</summary>
    [DefinitionRight(FieldRight.ModifyDefinition)]
    [HttpPut("{fieldId:int}/ListValues")]
    [Consumes("application/json")]
    public async Task<IActionResult> ReplaceFieldListValues(string repositoryId, int fieldId, [FromBody] ReplaceListValuesRequest request, CancellationToken cancellationToken) =>
        ListValues(await fields.ReplaceListValuesAsync(fieldId, request.Values, cancellationToken));

    /// <summary>Returns the field's custom-properties bag.</summary>
    [DefinitionRight(FieldRight.ReadValue)]
    [HttpGet("{fieldId:int}/Properties")]
    public IActionResult GetFieldProperties(string repositoryId, int fieldId) => Properties(fields.Get(fieldId).Properties);

    /// <summary>Writes the keys in set, deletes those in remove, and returns the whole bag.</summary>
    [DefinitionRight(FieldRight.ModifyDefinition)]
    [HttpPatch("{fieldId:int}/Properties")]
    [Consumes("application/json")]
    public async Task<IActionResult> UpdateFieldProperties(string repositoryId, int fieldId, [FromBody] UpdateFieldPropertiesRequest request, CancellationToken cancellationToken) =>
        Properties((await fields.UpdatePropertiesAsync(fieldId, request, cancellationToken)).Properties);

    /// <summary>Returns how many entries hold a value of the field.</summary>
    [DefinitionRight(FieldRight.ReadValue)]
    [HttpGet("{fieldId:int}/AssignedEntryCount")]
    public async Task<IActionResult> GetFieldAssignedEntryCount(string repositoryId, int fieldId, CancellationToken cancellationToken) =>
        Count(await fields.AssignedEntryCountAsync(fieldId, cancellationToken));

    /// <summary>Returns the template definitions that hold the field (a plain array).</summary>
    [DefinitionRight(FieldRight.ReadValue)]
    [HttpGet("{fieldId:int}/ContainingTemplates")]
    public IActionResult GetFieldContainingTemplates(string repositoryId, int fieldId)
    {
        var templates = fields.ContainingTemplates(fieldId);
        var query = ListQueryParser.Parse(Containing, Request.Query, null);
        var (rows, _, _) = MetadataWire.TemplateDefinition.Page(templates, query);
        return new JsonBodyResult(w =>
        {
            w.WriteStartArray();
            foreach (var template in rows)
            {
                MetadataWire.TemplateDefinition.Write(w, template, query.Select);
            }
            w.WriteEndArray();
        });
    }

    /// <summary>Merges two or more fields of one type into a new field (onConflict Fail, MakeMultivalue or UseFirstField); the sources stay.</summary>
    [Privilege(SecurityPrivileges.ManageTemplates)]
    [HttpPost("Merge")]
    [Consumes("application/json")]
    public async Task<IActionResult> MergeFields(string repositoryId, [FromBody] MergeFieldsRequest request, CancellationToken cancellationToken) =>
        Definition(await fields.MergeAsync(request, cancellationToken));

    /// <summary>Converts the field to another type: safe widenings convert values, anything lossy needs allowDataLoss.</summary>
    [DefinitionRight(FieldRight.ModifyDefinition)]
    [HttpPost("{fieldId:int}/ChangeType")]
    [Consumes("application/json")]
    public async Task<IActionResult> ChangeFieldType(string repositoryId, int fieldId, [FromBody] ChangeFieldTypeRequest request, CancellationToken cancellationToken) =>
        Definition(await fields.ChangeTypeAsync(fieldId, request, cancellationToken));

    private static JsonBodyResult Definition(FieldDefinition field) => new(w => MetadataWire.FieldDefinition.Write(w, field, null));

    private static JsonBodyResult ListValues(FieldDefinition field) => new(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("values");
        foreach (var value in field.FieldType == FieldType.List ? field.ListValues : [])
        {
            w.WriteStringValue(value);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    internal static JsonBodyResult Properties(IReadOnlyDictionary<string, string> bag) => new(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("properties");
        foreach (var (key, value) in bag)
        {
            w.WriteString(key, value);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    });

    internal static JsonBodyResult Count(int count) => new(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("count", count);
        w.WriteEndObject();
    });
}

/// <summary>Template definition administration: create, change and delete templates and their fields.</summary>
[ApiController]
[Tags("TemplateDefinitions")]
[Route("v2/Repositories/{repositoryId}/TemplateDefinitions")]
public sealed class TemplateDefinitionAdministrationController(TemplateAdministration templates) : ControllerBase
{
    /// <summary>Creates a template with its initial fields, all or nothing; a name another template has is a 409.</summary>
    [Privilege(SecurityPrivileges.ManageTemplates)]
    [HttpPost]
    [Consumes("application/json")]
    public async Task<IActionResult> CreateTemplate(string repositoryId, [FromBody] CreateTemplateRequest request, CancellationToken cancellationToken) =>
        Definition(await templates.CreateAsync(request, cancellationToken));

    /// <summary>Changes a template's name, description, color (or clearColor) and isAutoAssignable.</summary>
    [DefinitionRight(TemplateRight.Modify)]
    [HttpPatch("{templateId:int}")]
    [Consumes("application/json")]
    public async Task<IActionResult> UpdateTemplate(string repositoryId, int templateId, [FromBody] UpdateTemplateRequest request, CancellationToken cancellationToken) =>
        Definition(await templates.UpdateAsync(templateId, request, cancellationToken));

    /// <summary>Deletes a template; while entries have it, 409.</summary>
    [DefinitionRight(TemplateRight.Delete)]
    [HttpDelete("{templateId:int}")]
    public async Task<IActionResult> DeleteTemplate(string repositoryId, int templateId, CancellationToken cancellationToken)
    {
        await templates.DeleteAsync(templateId, cancellationToken);
        return NoContent();
    }

    /// <summary>Adds an existing field to the template, at a 1-based position or at the end.</summary>
    [DefinitionRight(TemplateRight.Modify)]
    [HttpPost("{templateId:int}/Fields")]
    [Consumes("application/json")]
    public async Task<IActionResult> AddTemplateField(string repositoryId, int templateId, [FromBody] AddTemplateFieldRequest request, CancellationToken cancellationToken)
    {
        await templates.AddFieldAsync(templateId, request, cancellationToken);
        return NoContent();
    }

    /// <summary>Moves a field of the template to a 1-based position.</summary>
    [DefinitionRight(TemplateRight.Modify)]
    [HttpPost("{templateId:int}/Fields/Move")]
    [Consumes("application/json")]
    public async Task<IActionResult> MoveTemplateField(string repositoryId, int templateId, [FromBody] MoveTemplateFieldRequest request, CancellationToken cancellationToken)
    {
        await templates.MoveFieldAsync(templateId, request, cancellationToken);
        return NoContent();
    }

    /// <summary>Removes a field from the template; entries keep its values.</summary>
    [DefinitionRight(TemplateRight.Modify)]
    [HttpDelete("{templateId:int}/Fields/{fieldName}")]
    public async Task<IActionResult> RemoveTemplateField(string repositoryId, int templateId, string fieldName, CancellationToken cancellationToken)
    {
        await templates.RemoveFieldAsync(templateId, fieldName, cancellationToken);
        return NoContent();
    }

    /// <summary>Changes a field's per-template isRequired and localDescription.</summary>
    [DefinitionRight(TemplateRight.Modify)]
    [HttpPatch("{templateId:int}/Fields/{fieldName}")]
    [Consumes("application/json")]
    public async Task<IActionResult> UpdateTemplateFieldProperties(
        string repositoryId, int templateId, string fieldName, [FromBody] UpdateTemplateFieldPropertiesRequest request, CancellationToken cancellationToken)
    {
        await templates.UpdateFieldPropertiesAsync(templateId, fieldName, request, cancellationToken);
        return NoContent();
    }

    /// <summary>Returns the template's custom-properties bag.</summary>
    [DefinitionRight(TemplateRight.ReadDefinition)]
    [HttpGet("{templateId:int}/Properties")]
    public IActionResult GetTemplateProperties(string repositoryId, int templateId) =>
        FieldDefinitionAdministrationController.Properties(templates.Get(templateId).Properties);

    /// <summary>Writes the keys in set, deletes those in remove, and returns the whole bag.</summary>
    [DefinitionRight(TemplateRight.Modify)]
    [HttpPatch("{templateId:int}/Properties")]
    [Consumes("application/json")]
    public async Task<IActionResult> UpdateTemplateProperties(
        string repositoryId, int templateId, [FromBody] UpdateTemplatePropertiesRequest request, CancellationToken cancellationToken) =>
        FieldDefinitionAdministrationController.Properties((await templates.UpdatePropertiesAsync(templateId, request, cancellationToken)).Properties);

    /// <summary>Returns how many entries have the template.</summary>
    [DefinitionRight(TemplateRight.ReadDefinition)]
    [HttpGet("{templateId:int}/AssignedEntryCount")]
    public async Task<IActionResult> GetTemplateAssignedEntryCount(string repositoryId, int templateId, CancellationToken cancellationToken) =>
        FieldDefinitionAdministrationController.Count(await templates.AssignedEntryCountAsync(templateId, cancellationToken));

    private static JsonBodyResult Definition(TemplateDefinition template) => new(w => MetadataWire.TemplateDefinition.Write(w, template, null));
}
