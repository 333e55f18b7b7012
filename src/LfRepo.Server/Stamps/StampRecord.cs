using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Stamps;

/// <summary>
/// One stamp of the repository's catalogue: a public (shared) stamp or a personal one of its owner. The image is
/// kept with the row as a grayscale PNG (the repository's internal form; stamps are small), so a snapshot or a
/// reset carries it with the rest of the store.
/// </summary>
public sealed class StampRecord
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public bool IsPublic { get; set; }

    /// <summary>The creator's user name; the wire reports the SID the directory gives it.</summary>
    public required string OwnerName { get; set; }

    public string? CustomData { get; set; }

    public int ImageWidth { get; set; }

    public int ImageHeight { get; set; }

    public required byte[] ImagePng { get; set; }
}

public sealed class StampRecordConfiguration : IEntityTypeConfiguration<StampRecord>
{
    public const string Table = "Stamps";

    public void Configure(EntityTypeBuilder<StampRecord> stamp)
    {
        stamp.ToTable(Table);
        stamp.Property(s => s.Id).ValueGeneratedOnAdd();
        stamp.HasIndex(s => new { s.IsPublic, s.OwnerName });
    }
}
