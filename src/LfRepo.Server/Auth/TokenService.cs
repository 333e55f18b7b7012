using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LfRepo.Server.Hosting;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;
using Microsoft.AspNetCore.Identity;
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
    StoreConnection store,
    IOptions<EmulatorOptions> options,
    IPasswordHasher<UserRecord> passwordHasher,
    UserDirectory directory,
    TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, AccessToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string UserName, byte[] Digest, int DirectoryVersion)> _verified = new(StringComparer.Ordinal);
    private readonly byte[] _credentialKey = RandomNumberGenerator.GetBytes(32);

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

        userName = await VerifyAsync(userName, password, cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.InvalidCredentials, "The user name or password is incorrect.");
        if (directory.FindByName(userName) is { IsDisabled: true })
        {
            throw new ApiProblemException(ProblemCatalog.AccountDisabled, $"The account '{userName}' is disabled.");
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

    /// <summary>
    /// Checks a user's password: against the PBKDF2 hash in the store the first time, then against an HMAC of
    /// the password under a key of this process until the user directory changes, so a client asking for tokens all day does not pay PBKDF2 each time.
    /// </summary>
    private async Task<string?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var digest = HMACSHA256.HashData(_credentialKey, Encoding.UTF8.GetBytes(userName + "\0" + password));
        if (_verified.TryGetValue(userName, out var known) && known.DirectoryVersion == directory.Version && CryptographicOperations.FixedTimeEquals(known.Digest, digest))
        {
            return known.UserName;
        }

        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT UserName, PasswordHash FROM Users WHERE UserName = $name";
        command.Parameters.AddWithValue("$name", userName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var user = new UserRecord { UserName = reader.GetString(0), PasswordHash = reader.GetString(1) };
        if (passwordHasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            return null;
        }
        _verified[userName] = (user.UserName, digest, directory.Version);
        return user.UserName;
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
