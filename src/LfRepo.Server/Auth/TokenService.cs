using System.Collections.Concurrent;
using System.Security.Cryptography;
using LfRepo.Server.Hosting;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Auth;

/// <summary>An issued access token: who it is for, which repository, and when it stops working.</summary>
public sealed record AccessToken(string Value, string UserName, string RepositoryId, DateTimeOffset ExpiresAt)
{
    /// <summary>A short stable id for the token, stored with the tasks it starts (never the token itself).</summary>
    public string Id { get; } = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Value)), 0, 12);
}

/// <summary>
/// Issues and checks bearer tokens like the self-hosted API Server: password grant, a new opaque token per call,
/// fixed lifetime. Tokens live in memory; a restart signs everybody out, and the clients simply ask again.
/// </summary>
public sealed class TokenService(
    IServiceScopeFactory scopes,
    IOptions<EmulatorOptions> options,
    IPasswordHasher<UserRecord> passwordHasher,
    TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, AccessToken> _tokens = new(StringComparer.Ordinal);

    public int LifetimeSeconds => options.Value.TokenLifetimeSeconds;

    public async Task<AccessToken> IssueAsync(string repositoryId, string? grantType, string? userName, string? password, CancellationToken cancellationToken)
    {
        if (!string.Equals(repositoryId, options.Value.RepositoryId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblemException(ProblemCatalog.RepositoryNotFound, $"Repository '{repositoryId}' does not exist.");
        }
        if (string.IsNullOrEmpty(grantType))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The form field 'grant_type' is required; use grant_type=password.");
        }
        if (!string.Equals(grantType, "password", StringComparison.Ordinal))
        {
            throw new ApiProblemException(ProblemCatalog.UnsupportedGrantType, $"grant_type '{grantType}' is not supported; use grant_type=password.");
        }
        if (string.IsNullOrEmpty(userName) || password is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The form fields 'username' and 'password' are required.");
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LfRepoDbContext>();
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == userName, cancellationToken);
            if (user is null || passwordHasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidCredentials, "The user name or password is incorrect.");
            }
            userName = user.UserName;
        }

        RemoveExpired();
        var token = new AccessToken(
            Base64Url(RandomNumberGenerator.GetBytes(32)),
            userName,
            options.Value.RepositoryId,
            clock.GetUtcNow().AddSeconds(LifetimeSeconds));
        _tokens[token.Value] = token;
        return token;
    }

    /// <summary>The token if it exists and has not expired.</summary>
    public AccessToken? Validate(string value)
    {
        if (!_tokens.TryGetValue(value, out var token))
        {
            return null;
        }
        if (token.ExpiresAt <= clock.GetUtcNow())
        {
            _tokens.TryRemove(value, out _);
            return null;
        }
        return token;
    }

    private void RemoveExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, token) in _tokens)
        {
            if (token.ExpiresAt <= now)
            {
                _tokens.TryRemove(key, out _);
            }
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
