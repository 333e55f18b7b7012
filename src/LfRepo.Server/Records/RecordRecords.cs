using LfRepo.Server.Entries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Records;

/// <summary>What an entry is in the file plan; stored by this number.</summary>
public enum RecordKind
{
    Record = 1,
    RecordFolder = 2,
    RecordSeries = 3,
}

/// <summary>The spec's ReviewIntervalUnit, stored by this number.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ReviewIntervalUnit>))]
public enum ReviewIntervalUnit
{
    NotApplicable = 0,
    Day = 1,
    Month = 2,
}

/// <summary>
/// The records management state of one entry of the file plan: a record series, a record folder or a document
/// record. Entries without a row are ordinary entries. Dates are UTC ticks, as on <see cref="EntryRecord"/>.
/// </summary>
public sealed class RecordPropertiesRecord
{
    public int EntryId { get; set; }

    public RecordKind Kind { get; set; }

    /// <summary>A record series' code.</summary>
    public string? Code { get; set; }

    public int? CutoffCriterionId { get; set; }

    public int? DispositionScheduleId { get; set; }

    public string? DispositionAuthority { get; set; }

    public bool IsPermanent { get; set; }

    public int? ReviewCycleId { get; set; }

    public int? ReviewInterval { get; set; }

    public ReviewIntervalUnit? ReviewIntervalUnit { get; set; }

    public long? FilingTicks { get; set; }

    public long? TriggerTicks { get; set; }

    /// <summary>A record's: its cutoff criterion comes from its record folder.</summary>
    public bool IsCutoffCriterionInherited { get; set; }

    /// <summary>A record's: its disposition schedule comes from its record folder.</summary>
    public bool IsDispositionScheduleInherited { get; set; }

    public long? LastReviewTicks { get; set; }

    public string? Reviewer { get; set; }

    /// <summary>A record folder's: closed to new filings.</summary>
    public bool IsClosed { get; set; }
}

/// <summary>The date a records management event occurred for a record or record folder.</summary>
public sealed class RecordEventRecord
{
    public int EntryId { get; set; }

    public int EventId { get; set; }

    public long DateTicks { get; set; }
}

public sealed class RecordPropertiesConfiguration : IEntityTypeConfiguration<RecordPropertiesRecord>
{
    public void Configure(EntityTypeBuilder<RecordPropertiesRecord> record)
    {
        record.ToTable("RecordProperties");
        record.HasKey(r => r.EntryId);
        record.Property(r => r.EntryId).ValueGeneratedNever();
        record.Property(r => r.Code).HasMaxLength(255);
        record.Property(r => r.DispositionAuthority).HasMaxLength(255);
        // Deleting an entry (EntryTree's batches delete the rows) takes its records management state with it.
        record.HasOne<EntryRecord>().WithOne().HasForeignKey<RecordPropertiesRecord>(r => r.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class RecordEventConfiguration : IEntityTypeConfiguration<RecordEventRecord>
{
    public void Configure(EntityTypeBuilder<RecordEventRecord> recordEvent)
    {
        recordEvent.ToTable("RecordEvents");
        recordEvent.HasKey(e => new { e.EntryId, e.EventId });
        recordEvent.HasOne<EntryRecord>().WithMany().HasForeignKey(e => e.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}
