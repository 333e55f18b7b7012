using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace LfRepo.Server.Auth;

/// <summary>The self-hosted API Server's token endpoint, which both official clients call even for v2.</summary>
[ApiController]
[AllowAnonymous]
[EnableRateLimiting(AuthExtensions.TokenPolicy)]
public sealed class TokenController(TokenService tokens) : ControllerBase
{
    /// <summary>Requests an access token with a user name and password (grant_type=password).</summary>
    /// <remarks>Form body: grant_type=password&amp;username=…&amp;password=…</remarks>
    [HttpPost("v1/Repositories/{repositoryId}/Token")]
    [ProducesResponseType<SessionKeyInfo>(StatusCodes.Status200OK)]
    public async Task<SessionKeyInfo> CreateAccessToken(string repositoryId, [FromForm] TokenForm form, CancellationToken cancellationToken)
    {
        if (!Request.HasFormContentType)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"The token request must be a form (application/x-www-form-urlencoded), not '{Request.ContentType}'.");
        }
        var token = await tokens.IssueAsync(repositoryId, form.GrantType, form.UserName, form.Password, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return new SessionKeyInfo(token.Value, "bearer", tokens.LifetimeSeconds);
    }
}

/// <summary>The form body of a password grant.</summary>
public sealed class TokenForm
{
    [FromForm(Name = "grant_type")]
    public string? GrantType { get; set; }

    [FromForm(Name = "username")]
    public string? UserName { get; set; }

    [FromForm(Name = "password")]
    public string? Password { get; set; }
}

/// <summary>The token response: snake_case as OAuth and the API Server send it.</summary>
public sealed record SessionKeyInfo(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
