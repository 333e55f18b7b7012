namespace LfRepo.Server.Hosting;

/// <summary>Settings of the emulator, bound from the "LfRepo" section (appsettings, LfRepo__* variables, flags).</summary>
public sealed class EmulatorOptions
{
    public const string Section = "LfRepo";

    /// <summary>Folder holding the SQLite store and document content.</summary>
    public string DataDir { get; set; } = "lfrepo-data";

    /// <summary>Keep everything in memory and forget it when the process stops.</summary>
    public bool InMemory { get; set; }

    public string RepositoryId { get; set; } = "r-emulator";

    public string RepositoryName { get; set; } = "LfRepo Emulator";

    public string AdminUser { get; set; } = "admin";

    public string AdminPassword { get; set; } = "admin";

    /// <summary>Lifetime of an access token issued by the Token endpoint.</summary>
    public int TokenLifetimeSeconds { get; set; } = 900;

    /// <summary>Comma-separated path bases the API answers under: the self-hosted API Server's and the cloud's.</summary>
    public string PathBases { get; set; } = "/LFRepositoryAPI,/repository";

    public string[] PathBaseList => PathBases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A seed file (JSON) with the repository's definitions and initial folder tree; empty for the built-in seed.</summary>
    public string Seed { get; set; } = "";

    /// <summary>The volume new entries report when a request names none.</summary>
    public string DefaultVolumeName { get; set; } = "DEFAULT000000";
}
