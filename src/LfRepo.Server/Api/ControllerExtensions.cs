using System.Security.Claims;
using LfRepo.Server.Auth;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using LfRepo.Server.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Api;

/// <summary>What every controller asks of its request: the caller, absolute URIs, and the answer to a started task.</summary>
public static class ControllerExtensions
{
    public static string UserName(this ControllerBase controller) => controller.User.FindFirstValue(ClaimTypes.Name) ?? "";

    public static string EntryUri(this ControllerBase controller, string repositoryId, int entryId) =>
        $"{NextLink.Base(controller.Request)}/v2/Repositories/{Uri.EscapeDataString(repositoryId)}/Entries/{entryId}";

    /// <summary>Who starts a task and where the request came in.</summary>
    public static TaskOrigin TaskOrigin(this ControllerBase controller) => new(
        controller.UserName(),
        controller.User.FindFirstValue(BearerAuthenticationHandler.TokenIdClaim) ?? "",
        NextLink.Base(controller.Request),
        controller.Request.Path.Value ?? "/",
        RequestId.Get(controller.HttpContext));

    /// <summary>The v2 answer to a started long operation: 202 (StartTestTask: 200) with its task id.</summary>
    public static IActionResult TaskStarted(this ControllerBase controller, TaskRecord task, int statusCode = StatusCodes.Status202Accepted)
    {
        var context = $"{NextLink.Base(controller.Request)}/v2/$metadata#Laserfiche.Repository.StartTaskResponse";
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            w.WriteString("taskId", task.Id);
            w.WriteEndObject();
        }, statusCode);
    }
}
