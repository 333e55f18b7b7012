using Microsoft.AspNetCore.Mvc.Filters;
using LfRepo.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Documents;

/// <summary>
/// Marks an action of another feature (metadata, rename, move, delete; v1 and v2) that writes <see cref="Extent"/>
/// of the entry in its <c>entryId</c> route value: before it runs, <see cref="DocumentLocks.RequireWritableAsync"/>
/// answers 423 when another user's lock or check-out holds that part of the document.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DocumentWriteAttribute(LockExtent extent) : Attribute, IAsyncActionFilter
{
    public LockExtent Extent { get; } = extent;

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (context.RouteData.Values.TryGetValue("entryId", out var value) && int.TryParse(value?.ToString(), out var entryId)
            && context.Controller is ControllerBase controller)
        {
            var locks = context.HttpContext.RequestServices.GetRequiredService<DocumentLocks>();
            await locks.RequireWritableAsync(entryId, Extent, controller.UserName(), context.HttpContext.RequestAborted);
        }
        await next();
    }
}
