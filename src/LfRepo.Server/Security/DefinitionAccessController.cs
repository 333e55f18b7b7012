using LfRepo.Server.Api;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Security;

/// <summary>Access control lists and rights of field and template definitions, and the defaults new ones take.</summary>
[ApiController]
[Tags("AccessControl")]
[Route("v2/Repositories/{repositoryId}")]
public sealed class DefinitionAccessController(MetadataCatalog catalog, UserDirectory directory, AccessControlService acl) : ControllerBase
{
    /// <summary>Returns the field's access control entries. Field ACEs have no scope and are never inherited.</summary>
    [HttpGet("FieldDefinitions/{fieldId:int}/AccessControl")]
    [ProducesResponseType<DefinitionAccessControlList>(StatusCodes.Status200OK)]
    public async Task<DefinitionAccessControlList> GetFieldAccessControl(string repositoryId, int fieldId, CancellationToken cancellationToken)
    {
        RequireField(fieldId);
        await RequireAsync(DefinitionAclKind.Field, fieldId, (int)FieldRight.ReadPermissions, (int)FieldRight.All, "ReadPermissions", $"field {fieldId}", cancellationToken);
        return await ReadAsync<FieldRight>(DefinitionAclKind.Field, fieldId, cancellationToken);
    }

    /// <summary>Replaces the field's access control list (a full replace); returns it.</summary>
    [HttpPut("FieldDefinitions/{fieldId:int}/AccessControl")]
    [Consumes("application/json")]
    [ProducesResponseType<DefinitionAccessControlList>(StatusCodes.Status200OK)]
    public async Task<DefinitionAccessControlList> SetFieldAccessControl(
        string repositoryId, int fieldId, [FromBody] SetDefinitionAccessControlRequest request, CancellationToken cancellationToken)
    {
        RequireField(fieldId);
        await RequireAsync(DefinitionAclKind.Field, fieldId, (int)FieldRight.ChangePermissions, (int)FieldRight.All, "ChangePermissions", $"field {fieldId}", cancellationToken);
        await acl.SetDefinitionAclAsync(DefinitionAclKind.Field, fieldId, acl.ParseDefinitionAces<FieldRight>(request.Entries), cancellationToken);
        return await ReadAsync<FieldRight>(DefinitionAclKind.Field, fieldId, cancellationToken);
    }

    /// <summary>Returns the rights a trustee (by default the caller) has on the field definition.</summary>
    [HttpGet("FieldDefinitions/{fieldId:int}/Rights")]
    [ProducesResponseType<RightsResponse>(StatusCodes.Status200OK)]
    public async Task<RightsResponse> GetFieldRights(
        string repositoryId, int fieldId, [FromQuery] string? trusteeId, [FromQuery] string? trusteeName, [FromQuery] bool aclOnly, CancellationToken cancellationToken)
    {
        RequireField(fieldId);
        return await RightsAsync<FieldRight>(DefinitionAclKind.Field, fieldId, (int)FieldRight.All, trusteeId, trusteeName, aclOnly, cancellationToken);
    }

    /// <summary>Returns the default field ACL: the access control entries a new field definition takes.</summary>
    [HttpGet("FieldDefinitions/DefaultAccessControl")]
    [ProducesResponseType<DefinitionAccessControlList>(StatusCodes.Status200OK)]
    public Task<DefinitionAccessControlList> GetDefaultFieldAccessControl(string repositoryId, CancellationToken cancellationToken) =>
        ReadAsync<FieldRight>(DefinitionAclKind.DefaultField, 0, cancellationToken);

    /// <summary>Replaces the default field ACL (a full replace); needs the ManageTemplates privilege.</summary>
    [HttpPut("FieldDefinitions/DefaultAccessControl")]
    [Consumes("application/json")]
    [ProducesResponseType<DefinitionAccessControlList>(StatusCodes.Status200OK)]
    public async Task<DefinitionAccessControlList> SetDefaultFieldAccessControl(
        string repositoryId, [FromBody] SetDefinitionAccessControlRequest request, CancellationToken cancellationToken)
    {
        RequireManageTemplates();
        await acl.SetDefinitionAclAsync(DefinitionAclKind.DefaultField, 0, acl.ParseDefinitionAces<FieldRight>(request.Entries), cancellationToken);
        return await ReadAsync<FieldRight>(DefinitionAclKind.DefaultField, 0, cancellationToken);
    }

    /// <summary>Returns the template's access control entries. Template ACEs have no scope and are never inherited.</summary>
    [HttpGet("TemplateDefinitions/{templateId:int}/AccessControl")]
    [ProducesResponseType<DefinitionAccessControlList>(StatusCodes.Status200OK)]
    public async Task<DefinitionAccessControlList> GetTemplateAccessControl(string repositoryId, int templateId, CancellationToken cancellationToken)
    {
        RequireTemplate(templateId);
        await RequireAsync(DefinitionAclKind.Template, templateId, (int)TemplateRight.ReadPermissions, (int)TemplateRight.All, "ReadPermissions", $"template {templateId}", cancellationToken);
        return await ReadAsync<TemplateRight>(DefinitionAclKind.Template, templateId, cancellationToken);
    }

    /// <summary>Replaces the template's access control list (a full replace); returns it.</summary>
    [HttpPut("TemplateDefinitions/{templateId:int}/AccessControl")]
    [Consumes("application/json")]
    [ProducesResponseType<DefinitionAccessControlList>(StatusCodes.Status200OK)]
    public async Task<DefinitionAccessControlList> SetTemplateAccessControl(
        string repositoryId, int templateId, [FromBody] SetDefinitionAccessControlRequest request, CancellationToken cancellationToken)
    {
        RequireTemplate(templateId);
        await RequireAsync(DefinitionAclKind.Template, templateId, (int)TemplateRight.ChangePermissions, (int)TemplateRight.All, "ChangePermissions", $"template {templateId}", cancellationToken);
        await acl.SetDefinitionAclAsync(DefinitionAclKind.Template, templateId, acl.ParseDefinitionAces<TemplateRight>(request.Entries), cancellationToken);
        return await ReadAsync<TemplateRight>(DefinitionAclKind.Template, templateId, cancellationToken);
    }

    /// <summary>Returns the rights a trustee (by default the caller) has on the template definition.</summary>
    [HttpGet("TemplateDefinitions/{templateId:int}/Rights")]
    [ProducesResponseType<RightsResponse>(StatusCodes.Status200OK)]
    public async Task<RightsResponse> GetTemplateRights(
        string repositoryId, int templateId, [FromQuery] string? trusteeId, [FromQuery] string? trusteeName, [FromQuery] bool aclOnly, CancellationToken cancellationToken)
    {
        RequireTemplate(templateId);
        return await RightsAsync<TemplateRight>(DefinitionAclKind.Template, templateId, (int)TemplateRight.All, trusteeId, trusteeName, aclOnly, cancellationToken);
    }

    /// <summary>Returns the default template ACL: the access control entries a new template definition takes.</summary>
    [HttpGet("TemplateDefinitions/DefaultAccessControl")]
    [ProducesResponseType<DefinitionAccessControlList>(StatusCodes.Status200OK)]
    public Task<DefinitionAccessControlList> GetDefaultTemplateAccessControl(string repositoryId, CancellationToken cancellationToken) =>
        ReadAsync<TemplateRight>(DefinitionAclKind.DefaultTemplate, 0, cancellationToken);

    /// <summary>Replaces the default template ACL (a full replace); needs the ManageTemplates privilege.</summary>
    [HttpPut("TemplateDefinitions/DefaultAccessControl")]
    [Consumes("application/json")]
    [ProducesResponseType<DefinitionAccessControlList>(StatusCodes.Status200OK)]
    public async Task<DefinitionAccessControlList> SetDefaultTemplateAccessControl(
        string repositoryId, [FromBody] SetDefinitionAccessControlRequest request, CancellationToken cancellationToken)
    {
        RequireManageTemplates();
        await acl.SetDefinitionAclAsync(DefinitionAclKind.DefaultTemplate, 0, acl.ParseDefinitionAces<TemplateRight>(request.Entries), cancellationToken);
        return await ReadAsync<TemplateRight>(DefinitionAclKind.DefaultTemplate, 0, cancellationToken);
    }

    private void RequireField(int fieldId) =>
        _ = catalog.FindField(fieldId) ?? throw new ApiProblemException(ProblemCatalog.FieldDefinitionNotFound, $"Field definition {fieldId} does not exist.");

    private void RequireTemplate(int templateId) =>
        _ = catalog.FindTemplate(templateId) ?? throw new ApiProblemException(ProblemCatalog.TemplateNotFound, $"Template definition {templateId} does not exist.");

    private void RequireManageTemplates()
    {
        var principal = directory.Principal(this.UserName());
        if (!principal.Holds(SecurityPrivileges.ManageTemplates))
        {
            throw new ApiProblemException(ProblemCatalog.AccessDenied, $"User '{principal.UserName}' lacks the ManageTemplates privilege the default ACLs need.");
        }
    }

    private async Task RequireAsync(DefinitionAclKind kind, int id, int needed, int all, string rightName, string what, CancellationToken cancellationToken)
    {
        var principal = directory.Principal(this.UserName());
        var rights = AccessControlService.DefinitionRights(await acl.ReadDefinitionAclAsync(kind, id, cancellationToken), principal, all, aclOnly: false);
        if ((rights & needed) != needed)
        {
            throw new ApiProblemException(ProblemCatalog.AccessDenied, $"User '{principal.UserName}' lacks the {rightName} right on {what}.");
        }
    }

    private async Task<DefinitionAccessControlList> ReadAsync<T>(DefinitionAclKind kind, int id, CancellationToken cancellationToken) where T : struct, Enum =>
        new([.. (await acl.ReadDefinitionAclAsync(kind, id, cancellationToken)).Select(a => new DefinitionAccessControlEntry
        {
            Trustee = acl.Identity(a.TrusteeSid),
            AccessControlType = a.IsDeny ? "Deny" : "Allow",
            Rights = [.. RightNames.Of((T)Enum.ToObject(typeof(T), a.Rights))],
        })]);

    private async Task<RightsResponse> RightsAsync<T>(
        DefinitionAclKind kind, int id, int all, string? trusteeId, string? trusteeName, bool aclOnly, CancellationToken cancellationToken) where T : struct, Enum
    {
        var principal = ForTrustee(trusteeId, trusteeName);
        var rights = AccessControlService.DefinitionRights(await acl.ReadDefinitionAclAsync(kind, id, cancellationToken), principal, all, aclOnly);
        return new RightsResponse([.. RightNames.Of((T)Enum.ToObject(typeof(T), rights))], false);
    }

    private SecurityPrincipal ForTrustee(string? trusteeId, string? trusteeName) => directory.Resolve(trusteeId, trusteeName, this.UserName());
}
