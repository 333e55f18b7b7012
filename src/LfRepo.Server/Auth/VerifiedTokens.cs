using System.Collections.Concurrent;
using System.Security.Claims;
using LfRepo.Server.Security;

namespace LfRepo.Server.Auth;

/// <summary>
/// The bearer tokens already checked, with the principal made for each, so a client's next call with the same
/// token skips the signature check and builds no claims. An entry is used only while its token has not expired (by
/// the emulator's clock, so a clock shifted by the control plane expires it too) and while the user directory is
/// the one it was checked against: any change of users or groups (a user disabled, a password reset, a snapshot
/// restored) starts an empty cache, so the next request is checked from scratch. Bounded: when full, it starts over.
/// </summary>
public sealed class VerifiedTokens(TimeProvider clock, UserDirectory directory)
{
    public const int Capacity = 10_000;

    private sealed record Verified(ClaimsPrincipal Principal, DateTimeOffset ExpiresAt);

    private sealed class Generation(int directoryVersion)
    {
        public int DirectoryVersion { get; } = directoryVersion;

        public ConcurrentDictionary<string, Verified> Tokens { get; } = new(StringComparer.Ordinal);
    }

    private volatile Generation _current = new(-1);

    /// <summary>The principal of a token checked before, or null when it must be checked (again).</summary>
    public ClaimsPrincipal? Find(string token)
    {
        var generation = _current;
        if (generation.DirectoryVersion != directory.Version || !generation.Tokens.TryGetValue(token, out var verified))
        {
            return null;
        }
        if (verified.ExpiresAt <= clock.GetUtcNow())
        {
            generation.Tokens.TryRemove(token, out _);
            return null;
        }
        return verified.Principal;
    }

    /// <summary>Remembers a token that passed the check, with the directory version read before the check began.</summary>
    public void Add(string token, DateTimeOffset expiresAt, ClaimsPrincipal principal, int directoryVersion)
    {
        var generation = _current;
        if (generation.DirectoryVersion != directoryVersion || generation.Tokens.Count >= Capacity)
        {
            if (directory.Version != directoryVersion)
            {
                return;
            }
            generation = new Generation(directoryVersion);
            _current = generation;
        }
        generation.Tokens[token] = new Verified(principal, expiresAt);
    }

    /// <summary>Forgets every checked token.</summary>
    public void Clear() => _current = new Generation(-1);
}
