using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Security;

/// <summary>
/// A user or a group. Users sign in with the password kept in Users (matched by name); groups only collect members.
/// </summary>
public sealed class TrusteeRecord
{
    public int Id { get; set; }

    /// <summary>The stable security identifier (S-1-…), as TrusteeIdentity.sid reports it.</summary>
    public required string Sid { get; set; }

    public required string Name { get; set; }

    /// <summary>The name upper-cased invariantly: account names are unique ignoring case.</summary>
    public required string NameKey { get; set; }

    public string DisplayName { get; set; } = "";

    public bool IsGroup { get; set; }

    public bool IsDisabled { get; set; }

    /// <summary>A repository administrator: every privilege and every right, whatever the ACLs say.</summary>
    public bool IsAdministrator { get; set; }

    /// <summary>Privilege names, comma-separated (e.g. ManageTrustees).</summary>
    public string Privileges { get; set; } = "";

    /// <summary>Feature-right names, comma-separated (e.g. Search,Import).</summary>
    public string FeatureRights { get; set; } = "";
}

/// <summary>One member (user or group) of a group.</summary>
public sealed class TrusteeMemberRecord
{
    public required string GroupSid { get; set; }

    public required string MemberSid { get; set; }
}

/// <summary>One explicit access control entry of an entry.</summary>
public sealed class EntryAceRecord
{
    public int Id { get; set; }

    public int EntryId { get; set; }

    /// <summary>The order the ACE was set in; GetEntryAccessControl lists ACEs in it.</summary>
    public int Position { get; set; }

    public required string TrusteeSid { get; set; }

    public bool IsDeny { get; set; }

    /// <summary>A bit set of <see cref="EntryRight"/>.</summary>
    public int Rights { get; set; }

    public EntryAccessScope Scope { get; set; }
}

/// <summary>An entry that does not inherit its parents' ACEs; entries without a row inherit.</summary>
public sealed class EntryInheritanceRecord
{
    public int EntryId { get; set; }

    public bool InheritParents { get; set; }
}

/// <summary>What a definition ACE belongs to: one field or template definition, or a repository default.</summary>
public enum DefinitionAclKind
{
    Field = 0,
    Template = 1,
    DefaultField = 2,
    DefaultTemplate = 3,
}

/// <summary>One access control entry of a field or template definition (or of the defaults new ones take).</summary>
public sealed class DefinitionAceRecord
{
    public int Id { get; set; }

    public DefinitionAclKind Kind { get; set; }

    /// <summary>The field or template id; 0 for the defaults.</summary>
    public int DefinitionId { get; set; }

    public int Position { get; set; }

    public required string TrusteeSid { get; set; }

    public bool IsDeny { get; set; }

    /// <summary>A bit set of <see cref="FieldRight"/> or <see cref="TemplateRight"/>.</summary>
    public int Rights { get; set; }
}

public sealed class TrusteeConfiguration : IEntityTypeConfiguration<TrusteeRecord>
{
    public void Configure(EntityTypeBuilder<TrusteeRecord> builder)
    {
        builder.ToTable("Trustees");
        builder.HasIndex(t => t.Sid).IsUnique();
        builder.HasIndex(t => t.NameKey).IsUnique();
    }
}

public sealed class TrusteeMemberConfiguration : IEntityTypeConfiguration<TrusteeMemberRecord>
{
    public void Configure(EntityTypeBuilder<TrusteeMemberRecord> builder)
    {
        builder.ToTable("TrusteeMembers");
        builder.HasKey(m => new { m.GroupSid, m.MemberSid });
        // A user's groups are looked up by member.
        builder.HasIndex(m => m.MemberSid);
    }
}

public sealed class EntryAceConfiguration : IEntityTypeConfiguration<EntryAceRecord>
{
    public void Configure(EntityTypeBuilder<EntryAceRecord> builder)
    {
        builder.ToTable("EntryAces");
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        // Rights are computed by probing an entry's ACEs, once per listed child and once per ancestor.
        builder.HasIndex(a => new { a.EntryId, a.Position });
    }
}

public sealed class EntryInheritanceConfiguration : IEntityTypeConfiguration<EntryInheritanceRecord>
{
    public void Configure(EntityTypeBuilder<EntryInheritanceRecord> builder)
    {
        builder.ToTable("EntryInheritance");
        builder.HasKey(i => i.EntryId);
        builder.Property(i => i.EntryId).ValueGeneratedNever();
    }
}

public sealed class DefinitionAceConfiguration : IEntityTypeConfiguration<DefinitionAceRecord>
{
    public void Configure(EntityTypeBuilder<DefinitionAceRecord> builder)
    {
        builder.ToTable("DefinitionAces");
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.HasIndex(a => new { a.Kind, a.DefinitionId, a.Position });
    }
}
