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
    private static readonly string[] EntryRouteValues = ["entryId", "parentEntryId"];

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var value = EntryRouteValues.Select(name => context.RouteData.Values.GetValueOrDefault(name)).FirstOrDefault(v => v is not null);
        if (value is not null && int.TryParse(value.ToString(), out var entryId) && context.Controller is Microsoft.AspNetCore.Mvc.ControllerBase controller)
        {
            var principal = access.Principal(controller.UserName());
            if (!principal.IsAdministrator)
            {
                var needed = context.ActionDescriptor.EndpointMetadata.OfType<EntryRightAttribute>().FirstOrDefault()?.Right ?? EntryRight.Browse;
                await access.RequireAsync(principal, entryId, needed, context.HttpContext.RequestAborted);
            }
        }
        await next();
    }
}
