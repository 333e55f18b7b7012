using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LfRepo.Server.Metadata;

public sealed class FieldDefinitionConfiguration : IEntityTypeConfiguration<FieldDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<FieldDefinitionRecord> field)
    {
        field.ToTable("FieldDefinitions");
        field.HasIndex(f => f.NameKey).IsUnique();
    }
}

public sealed class TemplateDefinitionConfiguration : IEntityTypeConfiguration<TemplateDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<TemplateDefinitionRecord> template)
    {
        template.ToTable("TemplateDefinitions");
        template.HasIndex(t => t.NameKey).IsUnique();
    }
}

public sealed class TemplateFieldConfiguration : IEntityTypeConfiguration<TemplateFieldRecord>
{
    public void Configure(EntityTypeBuilder<TemplateFieldRecord> templateField)
    {
        templateField.ToTable("TemplateFields");
        templateField.HasKey(t => new { t.TemplateId, t.FieldId });
    }
}

public sealed class TagDefinitionConfiguration : IEntityTypeConfiguration<TagDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<TagDefinitionRecord> tag)
    {
        tag.ToTable("TagDefinitions");
        tag.HasIndex(t => t.NameKey).IsUnique();
    }
}

public sealed class LinkDefinitionConfiguration : IEntityTypeConfiguration<LinkDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<LinkDefinitionRecord> link) => link.ToTable("LinkDefinitions");
}

public sealed class AuditReasonConfiguration : IEntityTypeConfiguration<AuditReasonRecord>
{
    public void Configure(EntityTypeBuilder<AuditReasonRecord> reason) => reason.ToTable("AuditReasons");
}

public sealed class AttributeConfiguration : IEntityTypeConfiguration<AttributeRecord>
{
    public void Configure(EntityTypeBuilder<AttributeRecord> attribute)
    {
        attribute.ToTable("Attributes");
        attribute.HasIndex(a => new { a.UserName, a.Key }).IsUnique();
    }
}

public sealed class EntryFieldConfiguration : IEntityTypeConfiguration<EntryFieldRecord>
{
    public void Configure(EntityTypeBuilder<EntryFieldRecord> entryField)
    {
        entryField.ToTable("EntryFields");
        entryField.HasKey(f => new { f.EntryId, f.FieldId, f.Position });
    }
}

public sealed class EntryTagConfiguration : IEntityTypeConfiguration<EntryTagRecord>
{
    public void Configure(EntityTypeBuilder<EntryTagRecord> entryTag)
    {
        entryTag.ToTable("EntryTags");
        entryTag.HasKey(t => new { t.EntryId, t.TagId });
    }
}

public sealed class EntryLinkConfiguration : IEntityTypeConfiguration<EntryLinkRecord>
{
    public void Configure(EntityTypeBuilder<EntryLinkRecord> entryLink)
    {
        entryLink.ToTable("EntryLinks");
        entryLink.HasIndex(l => l.SourceId);
        entryLink.HasIndex(l => l.TargetId);
    }
}
