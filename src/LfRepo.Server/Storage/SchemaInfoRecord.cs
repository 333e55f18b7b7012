namespace LfRepo.Server.Storage;

/// <summary>One row holding the schema version, so an older data folder is upgraded and a newer one refused.</summary>
public sealed class SchemaInfoRecord
{
    public int Id { get; set; }

    public int Version { get; set; }
}
