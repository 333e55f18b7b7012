using LfRepo.Server.Auth;
using LfRepo.Server.Hosting;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Api;

/// <summary>
/// Every route with a {repositoryId} (v2) or {repoId} (v1): an unknown repository is a 404, and a token issued for another
/// repository is refused.
/// </summary>
public sealed class RepositoryRouteFilter(IOptions<EmulatorOptions> options) : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        if ((context.RouteData.Values.TryGetValue("repositoryId", out var value) || context.RouteData.Values.TryGetValue("repoId", out value)) && value is string repositoryId)
        {
            if (!string.Equals(repositoryId, options.Value.RepositoryId, StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiProblemException(ProblemCatalog.RepositoryNotFound, $"Repository '{repositoryId}' does not exist.");
            }
            var tokenRepository = context.HttpContext.User.FindFirst(BearerAuthenticationHandler.RepositoryClaim)?.Value;
            if (tokenRepository is not null && !string.Equals(tokenRepository, options.Value.RepositoryId, StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiProblemException(ProblemCatalog.Unauthorized, $"The access token was issued for repository '{tokenRepository}'.");
            }
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
