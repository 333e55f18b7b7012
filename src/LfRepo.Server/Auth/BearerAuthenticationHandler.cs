using System.Security.Claims;
using System.Text.Encodings.Web;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Auth;

/// <summary>
/// Checks <c>Authorization: Bearer …</c> against the tokens the Token endpoint issued; a token seen before is taken
/// from <see cref="VerifiedTokens"/> with the principal made for it.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens,
    VerifiedTokens verified,
    UserDirectory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string TokenIdClaim = "lfrepo:token";
    public const string RepositoryClaim = "lfrepo:repository";

    private const string FailureKey = "lfrepo:auth-failure";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            Context.Items[FailureKey] = "The request has no Authorization header; send 'Authorization: Bearer <access_token>'.";
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            Context.Items[FailureKey] = "The Authorization header must use the Bearer scheme.";
            return Task.FromResult(AuthenticateResult.Fail("not a bearer token"));
        }

        var value = header["Bearer ".Length..].Trim();
        if (verified.Find(value) is { } known)
        {
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(known, SchemeName)));
        }
        var directoryVersion = directory.Version;
        var token = tokens.Validate(value);
        if (token is null)
        {
            Context.Items[FailureKey] = "The access token is invalid or has expired; request a new one from the Token endpoint.";
            return Task.FromResult(AuthenticateResult.Fail("invalid or expired token"));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, token.UserName),
                new Claim(TokenIdClaim, token.Id),
                new Claim(RepositoryClaim, token.RepositoryId),
            ],
            SchemeName);
        var principal = new ClaimsPrincipal(identity);
        verified.Add(value, token.ExpiresAt, principal, directoryVersion);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = Context.Items[FailureKey] as string ?? "An access token is required.";
        return ProblemWriter.WriteAsync(Context, ProblemCatalog.Unauthorized, detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemWriter.WriteAsync(Context, ProblemCatalog.ForStatus(403), "The access token does not allow this operation.");
}
