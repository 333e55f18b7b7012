using System.Globalization;
using System.Security.Claims;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LfRepo.Server.Security;

/// <summary>
/// The right an administration action needs on the field ({fieldId}) or template ({templateId}) its route names,
/// as GetFieldRights and GetTemplateRights report it (administrators and ManageTemplates holders hold every right).
/// A missing right is a 403 naming it; a definition that does not exist is left to the action's own 404.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DefinitionRightAttribute : Attribute, IAuthorizationFilter
{
    private readonly DefinitionAclKind _kind;
    private readonly int _right;
    private readonly string _name;

    public DefinitionRightAttribute(FieldRight right) => (_kind, _right, _name) = (DefinitionAclKind.Field, (int)right, right.ToString());

    public DefinitionRightAttribute(TemplateRight right) => (_kind, _right, _name) = (DefinitionAclKind.Template, (int)right, right.ToString());

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var routeName = _kind == DefinitionAclKind.Field ? "fieldId" : "templateId";
        if (!int.TryParse(context.RouteData.Values.GetValueOrDefault(routeName)?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return;
        }
        var services = context.HttpContext.RequestServices;
        var catalog = services.GetRequiredService<MetadataCatalog>();
        if (_kind == DefinitionAclKind.Field ? catalog.FindField(id) is null : catalog.FindTemplate(id) is null)
        {
            return;
        }
        var principal = services.GetRequiredService<UserDirectory>().Principal(context.HttpContext.User.FindFirstValue(ClaimTypes.Name) ?? "");
        var access = services.GetRequiredService<DefinitionAccess>();
        var rights = _kind == DefinitionAclKind.Field ? (int)access.FieldRights(principal, id) : (int)access.TemplateRights(principal, id);
        if ((rights & _right) != _right)
        {
            var what = _kind == DefinitionAclKind.Field ? "field" : "template";
            throw new ApiProblemException(ProblemCatalog.AccessDenied, $"User '{principal.UserName}' lacks the {_name} right on {what} {id}.");
        }
    }
}

/// <summary>The privilege an action needs (administrators hold every one); without it, a 403 naming it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PrivilegeAttribute(string privilege) : Attribute, IAuthorizationFilter
{
    public string Privilege { get; } = privilege;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var principal = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>().Principal(context.HttpContext.User.FindFirstValue(ClaimTypes.Name) ?? "");
        if (!principal.Holds(Privilege))
        {
            var operation = context.ActionDescriptor.RouteValues["action"];
            throw new ApiProblemException(ProblemCatalog.AccessDenied, $"User '{principal.UserName}' lacks the {Privilege} privilege {operation} needs.");
        }
    }
}
