using System.Security.Claims;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LfRepo.Server.Emulator;

/// <summary>
/// The control plane is for administrators: a signed-in user who is not one gets 403 from the problem catalogue
/// (the bearer handler has already answered 401 to a request without a valid token).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AdministratorsOnlyAttribute : Attribute, IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var user = context.HttpContext.User.FindFirstValue(ClaimTypes.Name);
        if (!context.HttpContext.RequestServices.GetRequiredService<EmulatorUsers>().IsAdministrator(user))
        {
            throw new ApiProblemException(ProblemCatalog.NotAnAdministrator,
                $"User '{user}' is not an administrator; the control plane needs an administrator's token.");
        }
    }
}
