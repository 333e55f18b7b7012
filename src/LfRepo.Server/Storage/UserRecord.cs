namespace LfRepo.Server.Storage;

public sealed class UserRecord
{
    public int Id { get; set; }

    public required string UserName { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash; the password itself is never stored.</summary>
    public required string PasswordHash { get; set; }
}

public sealed class RepositoryRecord
{
    public required string Id { get; set; }

    public required string Name { get; set; }
}

/// <summary>One row holding the schema version, so an older data folder is upgraded and a newer one refused.</summary>
public sealed class SchemaInfoRecord
{
    public int Id { get; set; }

    public int Version { get; set; }
}
