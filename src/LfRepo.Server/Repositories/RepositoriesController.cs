using LfRepo.Server.Api;
using LfRepo.Server.Hosting;
using LfRepo.Server.OData;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Repositories;

[ApiController]
[Tags("Repositories")]
public sealed class RepositoriesController(IOptions<EmulatorOptions> options) : ControllerBase
{
    /// <summary>Returns the list of repositories accessible to the user.</summary>
    /// <remarks>Answers with or without an access token, like the self-hosted API Server.</remarks>
    [HttpGet("v2/Repositories")]
    [AllowAnonymous]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult ListRepositories()
    {
        var settings = options.Value;
        var webClientUrl = $"{NextLink.Origin(Request)}/laserfiche/index.aspx?db={Uri.EscapeDataString(settings.RepositoryId)}";
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("value");
            w.WriteStartObject();
            w.WriteString("id", settings.RepositoryId);
            w.WriteString("name", settings.RepositoryName);
            w.WriteString("webClientUrl", webClientUrl);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
