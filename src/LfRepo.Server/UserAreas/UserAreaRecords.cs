using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using LfRepo.Server.Entries;

namespace LfRepo.Server.UserAreas;

/// <summary>
/// One user area: a named, per-user set of entries. The Starred list, the recent lists and the personal
/// collections are user areas too, told apart by their reserved names (<see cref="UserAreaNames"/>).
/// </summary>
public sealed class UserAreaRecord
{
    public int Id { get; set; }

    /// <summary>The owner: the token's user name.</summary>
    public required string UserName { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="Name"/> upper-cased: names are unique per user ignoring case.</summary>
    public required string NameKey { get; set; }

    /// <summary>The comment; for a personal collection, its display name.</summary>
    public string? Comment { get; set; }

    public string? Data { get; set; }
}

/// <summary>One entry in a user area. Ids grow with each insert, so they give the order entries were added in.</summary>
public sealed class UserAreaEntryRecord
{
    public int Id { get; set; }

    public int AreaId { get; set; }

    public int EntryId { get; set; }
}

public sealed class UserAreaRecordConfiguration : IEntityTypeConfiguration<UserAreaRecord>
{
    public void Configure(EntityTypeBuilder<UserAreaRecord> area)
    {
        area.ToTable("UserAreas");
        area.Property(a => a.Id).ValueGeneratedOnAdd();
        area.HasIndex(a => new { a.UserName, a.NameKey }).IsUnique();
    }
}

public sealed class UserAreaEntryRecordConfiguration : IEntityTypeConfiguration<UserAreaEntryRecord>
{
    public void Configure(EntityTypeBuilder<UserAreaEntryRecord> member)
    {
        member.ToTable("UserAreaEntries");
        member.Property(m => m.Id).ValueGeneratedOnAdd();
        member.HasIndex(m => new { m.AreaId, m.EntryId }).IsUnique();
        // Deleting an entry (EntryTree's batches delete the rows) takes it out of every area, and deleting an
        // area takes its members with it.
        member.HasOne<UserAreaRecord>().WithMany().HasForeignKey(m => m.AreaId).OnDelete(DeleteBehavior.Cascade);
        member.HasOne<EntryRecord>().WithMany().HasForeignKey(m => m.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}
