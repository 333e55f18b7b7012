using System.Buffers.Binary;
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
/// fixed lifetime. A token is signed, not remembered: it carries its user, repository and expiry under an HMAC
/// with the data folder's <see cref="TokenSigningKey"/>, so it stays valid across restarts and in every server
/// process on the same data folder, and checking it costs no store access.
/// </summary>
public sealed class TokenService(
    StoreConnection store,
    TokenSigningKey signingKey,
    IOptions<EmulatorOptions> options,
    IPasswordHasher<UserRecord> passwordHasher,
    UserDirectory directory,
    TimeProvider clock)
{
    private const int HeaderBytes = 8 + 16;
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

        var expiresAt = clock.GetUtcNow().AddSeconds(LifetimeSeconds);
        return new AccessToken(Sign(userName, options.Value.RepositoryId, expiresAt), userName, options.Value.RepositoryId, expiresAt);
    }

    /// <summary>
    /// payload.signature, both base64url: the payload is the expiry (UTC ticks), 16 random bytes that make every
    /// token new, and repository and user name; the signature is its HMAC-SHA256.
    /// </summary>
    private string Sign(string userName, string repositoryId, DateTimeOffset expiresAt)
    {
        var names = Encoding.UTF8.GetBytes(repositoryId + "\0" + userName);
        var payload = new byte[HeaderBytes + names.Length];
        BinaryPrimitives.WriteInt64LittleEndian(payload, expiresAt.UtcTicks);
        RandomNumberGenerator.Fill(payload.AsSpan(8, 16));
        names.CopyTo(payload, HeaderBytes);
        return Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(signingKey.Key, payload));
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

    /// <summary>The token if its signature holds and it has not expired.</summary>
    public AccessToken? Validate(string value)
    {
        var dot = value.IndexOf('.');
        if (dot <= 0 || !TryDecode(value.AsSpan(0, dot), out var payload) || payload.Length <= HeaderBytes
            || !TryDecode(value.AsSpan(dot + 1), out var signature)
            || !CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(signingKey.Key, payload)))
        {
            return null;
        }
        var expiresAt = new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(payload), TimeSpan.Zero);
        if (expiresAt <= clock.GetUtcNow())
        {
            return null;
        }
        var names = Encoding.UTF8.GetString(payload, HeaderBytes, payload.Length - HeaderBytes);
        var separator = names.IndexOf('\0');
        return separator < 0 ? null : new AccessToken(value, names[(separator + 1)..], names[..separator], expiresAt);
    }

    private static bool TryDecode(ReadOnlySpan<char> base64Url, out byte[] bytes)
    {
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(base64Url);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
