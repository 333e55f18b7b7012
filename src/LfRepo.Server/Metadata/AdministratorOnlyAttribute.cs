using System.Security.Claims;
using LfRepo.Server.Api;
using LfRepo.Server.Hosting;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LfRepo.Server.Metadata;

/// <summary>
/// Metadata administration is for the administrator only: the one check that field and template rights will
/// replace. Anyone else gets a 403 naming the operation.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AdministratorOnlyAttribute : Attribute, IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var administrator = context.HttpContext.RequestServices.GetRequiredService<EmulatorOptions>().AdminUser;
        var user = context.HttpContext.User.FindFirstValue(ClaimTypes.Name);
        if (!string.Equals(user, administrator, StringComparison.OrdinalIgnoreCase))
        {
            var operation = context.ActionDescriptor.RouteValues["action"];
            context.Result = new ProblemResult(ProblemCatalog.AccessDenied, $"{operation} is for the repository administrator only; '{user}' is not.");
        }
    }
}
