using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Entries;

public sealed class EntryConfiguration : IEntityTypeConfiguration<EntryRecord>
{
    public void Configure(EntityTypeBuilder<EntryRecord> entry)
    {
        entry.ToTable("Entries");
        entry.Property(e => e.Id).ValueGeneratedOnAdd();
        entry.Property(e => e.Name).HasMaxLength(255);
        entry.Property(e => e.NameKey).HasMaxLength(255);
        entry.HasIndex(e => new { e.ParentId, e.NameKey }).IsUnique();
        // Sort keys of folder listings, each ending with Id so keyset paging can seek.
        entry.HasIndex(e => new { e.ParentId, e.CreationTicks, e.Id });
        entry.HasIndex(e => new { e.ParentId, e.LastModifiedTicks, e.Id });
        entry.HasIndex(e => new { e.ParentId, e.EntryType, e.NameKey, e.Id });
        entry.HasIndex(e => e.TargetId);
        // Read from DocumentStates along with the entry, not columns of Entries.
        entry.Ignore(e => e.IsUnderVersionControl);
        entry.Ignore(e => e.CurrentVersion);
        entry.Ignore(e => e.CheckedOutBy);
        entry.Ignore(e => e.LockedBy);
        // Read from the records management state (RecordProperties) along with the entry.
        entry.Ignore(e => e.IsRecord);
        entry.Ignore(e => e.IsUnderRecordSeries);
    }
}
