using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
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
/// Every sign-in verifies the password hash (nothing about passwords is kept), an unknown user costs the same hash
/// verification as a wrong password, and a user name tried with too many wrong passwords is refused with 429 for
/// the rest of the minute.
/// </summary>
public sealed class TokenService(
    StoreConnection store,
    TokenSigningKey signingKey,
    IOptions<EmulatorOptions> options,
    IOptions<AuthOptions> limits,
    IPasswordHasher<UserRecord> passwordHasher,
    UserDirectory directory,
    TimeProvider clock) : IDisposable
{
    private const int HeaderBytes = 8 + 16;
    private readonly Lazy<string> _decoyHash = new(() => passwordHasher.HashPassword(new UserRecord { UserName = "", PasswordHash = "" }, Base64Url(RandomNumberGenerator.GetBytes(16))));
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(user =>
        RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limits.Value.FailedSignInsPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

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

        var failureKey = userName.ToUpperInvariant();
        using (var open = _failures.AttemptAcquire(failureKey, 0))
        {
            if (!open.IsAcquired)
            {
                var wait = open.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                throw new ApiProblemException(ProblemCatalog.RateLimited, $"Too many wrong passwords for this user; try again in {seconds} seconds.")
                {
                    RetryAfterSeconds = seconds,
                };
            }
        }
        var verified = await VerifyAsync(userName, password, cancellationToken);
        if (verified is null)
        {
            _failures.AttemptAcquire(failureKey, 1).Dispose();
            throw new ApiProblemException(ProblemCatalog.InvalidCredentials, "The user name or password is incorrect.");
        }
        userName = verified;
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

    /// <summary>Checks a user's password against its hash in the store; an unknown user is checked against a decoy hash.</summary>
    private async Task<string?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        UserRecord? user = null;
        await using (var connection = await store.OpenAsync(cancellationToken))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT UserName, PasswordHash FROM Users WHERE UserName = @name";
            command.AddWithValue("@name", userName);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                user = new UserRecord { UserName = reader.GetString(0), PasswordHash = reader.GetString(1) };
            }
        }
        // The hash is verified whether or not the user exists, so the answer's timing does not tell which.
        var result = passwordHasher.VerifyHashedPassword(user ?? new UserRecord { UserName = "", PasswordHash = "" }, user?.PasswordHash ?? _decoyHash.Value, password);
        return user is not null && result != PasswordVerificationResult.Failed ? user.UserName : null;
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

    public void Dispose() => _failures.Dispose();
}
