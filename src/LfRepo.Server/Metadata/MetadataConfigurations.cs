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
        // Administration asks which entries hold a field (assigned counts, merges, type changes, deletes).
        entryField.HasIndex(f => f.FieldId);
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

public sealed class FieldDefinitionSettingsConfiguration : IEntityTypeConfiguration<FieldDefinitionSettingsRecord>
{
    public void Configure(EntityTypeBuilder<FieldDefinitionSettingsRecord> settings)
    {
        settings.ToTable("FieldDefinitionSettings");
        settings.HasKey(s => s.FieldId);
        settings.Property(s => s.FieldId).ValueGeneratedNever();
    }
}

public sealed class TemplateDefinitionSettingsConfiguration : IEntityTypeConfiguration<TemplateDefinitionSettingsRecord>
{
    public void Configure(EntityTypeBuilder<TemplateDefinitionSettingsRecord> settings)
    {
        settings.ToTable("TemplateDefinitionSettings");
        settings.HasKey(s => s.TemplateId);
        settings.Property(s => s.TemplateId).ValueGeneratedNever();
    }
}

public sealed class TemplateFieldSettingsConfiguration : IEntityTypeConfiguration<TemplateFieldSettingsRecord>
{
    public void Configure(EntityTypeBuilder<TemplateFieldSettingsRecord> settings)
    {
        settings.ToTable("TemplateFieldSettings");
        settings.HasKey(s => new { s.TemplateId, s.FieldId });
    }
}

public sealed class SeededDefinitionConfiguration : IEntityTypeConfiguration<SeededDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<SeededDefinitionRecord> seeded)
    {
        seeded.ToTable("SeededDefinitions");
        seeded.HasKey(s => new { s.Kind, s.Key });
    }
}
