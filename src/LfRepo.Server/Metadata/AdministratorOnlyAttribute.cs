using System.Security.Claims;
using LfRepo.Server.Api;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LfRepo.Server.Metadata;

/// <summary>
/// Metadata administration is for administrators only (the administrator privilege of the user directory).
/// Anyone else gets a 403 naming the operation.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AdministratorOnlyAttribute : Attribute, IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var user = context.HttpContext.User.FindFirstValue(ClaimTypes.Name);
        if (!context.HttpContext.RequestServices.GetRequiredService<UserDirectory>().IsAdministrator(user))
        {
            var operation = context.ActionDescriptor.RouteValues["action"];
            context.Result = new ProblemResult(ProblemCatalog.AccessDenied, $"{operation} is for the repository administrator only; '{user}' is not.");
        }
    }
}
