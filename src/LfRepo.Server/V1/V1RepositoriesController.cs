using LfRepo.Server.Api;
using LfRepo.Server.Hosting;
using LfRepo.Server.OData;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.V1;

[ApiController]
[Tags("Repositories")]
public sealed class V1RepositoriesController(IOptions<EmulatorOptions> options) : ControllerBase
{
    /// <summary>Returns the repository resource list that current user has access to.</summary>
    /// <remarks>v1 answers a bare array of RepositoryInfo; like v2 it needs no access token.</remarks>
    [HttpGet("v1/Repositories")]
    [AllowAnonymous]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetRepositoryList()
    {
        var settings = options.Value;
        var webClientUrl = $"{NextLink.Origin(Request)}/laserfiche/index.aspx?db={Uri.EscapeDataString(settings.RepositoryId)}";
        return new JsonBodyResult(w =>
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("repoId", settings.RepositoryId);
            w.WriteString("repoName", settings.RepositoryName);
            w.WriteString("webclientUrl", webClientUrl);
            w.WriteEndObject();
            w.WriteEndArray();
        });
    }
}
