namespace LfRepo.Server.Auth;

/// <summary>Limits of the Token endpoint, section "LfRepo:Auth".</summary>
public sealed class AuthOptions
{
    public const string Section = "LfRepo:Auth";

    /// <summary>Token requests one client address may send in a burst; past it, 429 with Retry-After.</summary>
    public int TokenRequestBurst { get; set; } = 100;

    /// <summary>Token requests per minute a client address gets back after a burst.</summary>
    public int TokenRequestsPerMinute { get; set; } = 100;

    /// <summary>Wrong passwords one user name may be tried with per minute; past it, 429 until the minute is over.</summary>
    public int FailedSignInsPerMinute { get; set; } = 10;
}
