namespace LfRepo.Server.Hosting;

/// <summary>Settings of the emulator, bound from the "LfRepo" section (appsettings, LfRepo__* variables, flags).</summary>
public sealed class EmulatorOptions
{
    public const string Section = "LfRepo";

    /// <summary>Folder holding the SQLite store and document content.</summary>
    public string DataDir { get; set; } = "lfrepo-data";

    /// <summary>Keep everything in memory and forget it when the process stops.</summary>
    public bool InMemory { get; set; }

    /// <summary>The database engine (<c>--store</c>, <c>--connection-string</c>); the data folder still holds content.</summary>
    public StoreOptions Store { get; set; } = new();

    public string RepositoryId { get; set; } = "r-emulator";

    public string RepositoryName { get; set; } = "LfRepo Emulator";

    public string AdminUser { get; set; } = "admin";

    /// <summary>The password every fresh emulator starts with.</summary>
    public const string DefaultPassword = "admin";

    public string AdminPassword { get; set; } = DefaultPassword;

    /// <summary>Lifetime of an access token issued by the Token endpoint.</summary>
    public int TokenLifetimeSeconds { get; set; } = 900;

    /// <summary>Comma-separated path bases the API answers under: the self-hosted API Server's and the cloud's.</summary>
    public string PathBases { get; set; } = "/LFRepositoryAPI,/repository";

    public string[] PathBaseList => PathBases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A seed file (JSON) with the repository's definitions and initial folder tree; empty for the built-in seed.</summary>
    public string Seed { get; set; } = "";

    /// <summary>Start on a non-loopback address although the admin password is still the default one.</summary>
    public bool AllowDefaultCredentials { get; set; }

    /// <summary>
    /// The scheme, host and port clients reach the server at (<c>https://repo.example.com</c>); when set, every
    /// absolute URL LfRepo writes (Location, next links, upload and download links) starts with it instead of the
    /// request's Host header.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Comma-separated origins browser clients may call from (CORS); empty: no cross-origin access.</summary>
    public string CorsOrigins { get; set; } = "";

    /// <summary>The volume new entries report when a request names none.</summary>
    public string DefaultVolumeName { get; set; } = "DEFAULT000000";
}

/// <summary><c>LfRepo:Store</c>: <c>sqlite</c> (the embedded default, a file in the data folder) or <c>postgres</c>.</summary>
public sealed class StoreOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public string Provider { get; set; } = Sqlite;

    /// <summary>The PostgreSQL connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>); unused by SQLite.</summary>
    public string ConnectionString { get; set; } = "";

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);
}
