using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Storage;

/// <summary>
/// A counter per kind of rows a process keeps in memory (the definitions, the users and groups): each write of
/// such rows counts it up in its own transaction, so a process sharing the store sees that its copy is old.
/// </summary>
public sealed class StoreGenerationRecord
{
    public string Name { get; set; } = "";

    public long Value { get; set; }
}

public sealed class StoreGenerationConfiguration : IEntityTypeConfiguration<StoreGenerationRecord>
{
    public const string Table = "StoreGenerations";

    public void Configure(EntityTypeBuilder<StoreGenerationRecord> generation)
    {
        generation.ToTable(Table);
        generation.HasKey(g => g.Name);
    }
}
