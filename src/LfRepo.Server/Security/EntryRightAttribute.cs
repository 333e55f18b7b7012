using LfRepo.Server.Api;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LfRepo.Server.Security;

/// <summary>
/// The right an action needs on the entry its route names ({entryId}, or v1's {parentEntryId}); actions without
/// the attribute need Browse. <see cref="EntryAccessFilter"/> checks it before the action runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EntryRightAttribute(EntryRight right) : Attribute
{
    public EntryRight Right { get; } = right;
}

/// <summary>
/// Every action whose route names an entry runs only for a caller who may browse it (else 404, as if it did not
/// exist) and holds the action's <see cref="EntryRightAttribute"/> right (else 403 naming the right).
/// </summary>
public sealed class EntryAccessFilter(EntryAccess access) : IAsyncActionFilter
{
    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var values = context.RouteData.Values;
        if ((values.TryGetValue("entryId", out var value) && value is not null || values.TryGetValue("parentEntryId", out value) && value is not null)
            && int.TryParse(value as string ?? value.ToString(), out var entryId) && context.Controller is Microsoft.AspNetCore.Mvc.ControllerBase controller)
        {
            var principal = access.Principal(controller.UserName());
            if (!principal.IsAdministrator)
            {
                return CheckAsync(context, next, principal, entryId);
            }
        }
        return next();
    }

    private async Task CheckAsync(ActionExecutingContext context, ActionExecutionDelegate next, SecurityPrincipal principal, int entryId)
    {
        var needed = context.ActionDescriptor.EndpointMetadata.OfType<EntryRightAttribute>().FirstOrDefault()?.Right ?? EntryRight.Browse;
        await access.RequireAsync(principal, entryId, needed, context.HttpContext.RequestAborted);
        await next();
    }
}
