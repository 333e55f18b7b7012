using System.Security.Claims;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LfRepo.Server.Security;

/// <summary>
/// Operations only an administrator of the user directory may call: the control plane, and metadata
/// administration that no definition right covers. Anyone else gets a 403 from the problem catalogue (the bearer
/// handler has already answered 401 to a request without a valid token): on the control plane
/// <see cref="ProblemCatalog.NotAnAdministrator"/>, elsewhere <see cref="ProblemCatalog.AccessDenied"/> naming the operation.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AdministratorsOnlyAttribute : Attribute, IAuthorizationFilter
{
    /// <summary>True on the control plane's controllers.</summary>
    public bool ControlPlane { get; init; }

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var user = context.HttpContext.User.FindFirstValue(ClaimTypes.Name);
        if (context.HttpContext.RequestServices.GetRequiredService<UserDirectory>().IsAdministrator(user))
        {
            return;
        }
        if (ControlPlane)
        {
            throw new ApiProblemException(ProblemCatalog.NotAnAdministrator,
                $"User '{user}' is not an administrator; the control plane needs an administrator's token.");
        }
        var operation = context.ActionDescriptor.RouteValues["action"];
        throw new ApiProblemException(ProblemCatalog.AccessDenied, $"{operation} is for the repository administrator only; '{user}' is not.");
    }
}
