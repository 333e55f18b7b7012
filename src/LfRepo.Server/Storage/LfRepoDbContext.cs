using LfRepo.Server.Metadata;
using LfRepo.Server.Search;
using LfRepo.Server.Tasks;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Storage;

public sealed class LfRepoDbContext(DbContextOptions<LfRepoDbContext> options) : DbContext(options)
{
    public DbSet<EntryRecord> Entries => Set<EntryRecord>();

    public DbSet<UserRecord> Users => Set<UserRecord>();

    public DbSet<RepositoryRecord> Repositories => Set<RepositoryRecord>();

    public DbSet<SchemaInfoRecord> SchemaInfo => Set<SchemaInfoRecord>();

    public DbSet<TaskRecord> Tasks => Set<TaskRecord>();

    public DbSet<FieldDefinitionRecord> FieldDefinitions => Set<FieldDefinitionRecord>();

    public DbSet<TemplateDefinitionRecord> TemplateDefinitions => Set<TemplateDefinitionRecord>();

    public DbSet<TemplateFieldRecord> TemplateFields => Set<TemplateFieldRecord>();

    public DbSet<TagDefinitionRecord> TagDefinitions => Set<TagDefinitionRecord>();

    public DbSet<LinkDefinitionRecord> LinkDefinitions => Set<LinkDefinitionRecord>();

    public DbSet<AuditReasonRecord> AuditReasons => Set<AuditReasonRecord>();

    public DbSet<AttributeRecord> Attributes => Set<AttributeRecord>();

    public DbSet<EntryFieldRecord> EntryFields => Set<EntryFieldRecord>();

    public DbSet<EntryTagRecord> EntryTags => Set<EntryTagRecord>();

    public DbSet<EntryLinkRecord> EntryLinks => Set<EntryLinkRecord>();

    public DbSet<ContentRecord> Contents => Set<ContentRecord>();

    public DbSet<EdocRecord> Edocs => Set<EdocRecord>();

    public DbSet<PageRecord> Pages => Set<PageRecord>();

    public DbSet<DocumentStateRecord> DocumentStates => Set<DocumentStateRecord>();

    public DbSet<CheckOutPageRecord> CheckOutPages => Set<CheckOutPageRecord>();

    public DbSet<SearchRecord> Searches => Set<SearchRecord>();

    public DbSet<SearchResultRecord> SearchResults => Set<SearchResultRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var entry = modelBuilder.Entity<EntryRecord>();
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

        var user = modelBuilder.Entity<UserRecord>();
        user.ToTable("Users");
        user.HasIndex(u => u.UserName).IsUnique();

        modelBuilder.Entity<RepositoryRecord>().ToTable("Repositories");
        var task = modelBuilder.Entity<TaskRecord>();
        task.ToTable("Tasks");
        task.Ignore(t => t.IsFinished);
        task.HasIndex(t => t.TokenId);
        task.HasIndex(t => new { t.Status, t.FinishedTicks });

        ConfigureMetadata(modelBuilder);
        var search = modelBuilder.Entity<SearchRecord>();
        search.ToTable("Searches");
        search.HasKey(s => s.TaskId);
        var searchResult = modelBuilder.Entity<SearchResultRecord>();
        searchResult.ToTable("SearchResults");
        searchResult.HasKey(r => new { r.TaskId, r.RowNumber });
        var content = modelBuilder.Entity<ContentRecord>();
        content.ToTable("Contents");
        content.HasKey(c => c.Sha256);
        var edoc = modelBuilder.Entity<EdocRecord>();
        edoc.ToTable("Edocs");
        edoc.HasKey(e => e.EntryId);
        edoc.Property(e => e.EntryId).ValueGeneratedNever();
        // Content collection asks "does anything still reference this blob?" per column.
        edoc.HasIndex(e => e.Sha256);
        var page = modelBuilder.Entity<PageRecord>();
        page.ToTable("Pages");
        page.Property(p => p.Id).ValueGeneratedOnAdd();
        // Not unique: renumbering after a delete shifts page numbers row by row.
        page.HasIndex(p => new { p.EntryId, p.PageNumber });
        page.HasIndex(p => p.ImageSha256);
        page.HasIndex(p => p.TextSha256);
        var state = modelBuilder.Entity<DocumentStateRecord>();
        state.ToTable("DocumentStates");
        state.HasKey(s => s.EntryId);
        state.Property(s => s.EntryId).ValueGeneratedNever();
        state.HasIndex(s => s.CheckOutEdocSha256);
        var checkOutPage = modelBuilder.Entity<CheckOutPageRecord>();
        checkOutPage.ToTable("CheckOutPages");
        checkOutPage.HasKey(p => new { p.EntryId, p.PageNumber });
        checkOutPage.HasIndex(p => p.ImageSha256);
        checkOutPage.HasIndex(p => p.TextSha256);

        modelBuilder.Entity<SchemaInfoRecord>().ToTable("SchemaInfo").Property(s => s.Id).ValueGeneratedNever();
    }

    private static void ConfigureMetadata(ModelBuilder modelBuilder)
    {
        var field = modelBuilder.Entity<FieldDefinitionRecord>();
        field.ToTable("FieldDefinitions");
        field.HasIndex(f => f.NameKey).IsUnique();

        var template = modelBuilder.Entity<TemplateDefinitionRecord>();
        template.ToTable("TemplateDefinitions");
        template.HasIndex(t => t.NameKey).IsUnique();

        var templateField = modelBuilder.Entity<TemplateFieldRecord>();
        templateField.ToTable("TemplateFields");
        templateField.HasKey(t => new { t.TemplateId, t.FieldId });

        var tag = modelBuilder.Entity<TagDefinitionRecord>();
        tag.ToTable("TagDefinitions");
        tag.HasIndex(t => t.NameKey).IsUnique();

        modelBuilder.Entity<LinkDefinitionRecord>().ToTable("LinkDefinitions");
        modelBuilder.Entity<AuditReasonRecord>().ToTable("AuditReasons");

        var attribute = modelBuilder.Entity<AttributeRecord>();
        attribute.ToTable("Attributes");
        attribute.HasIndex(a => new { a.UserName, a.Key }).IsUnique();

        var entryField = modelBuilder.Entity<EntryFieldRecord>();
        entryField.ToTable("EntryFields");
        entryField.HasKey(f => new { f.EntryId, f.FieldId, f.Position });

        var entryTag = modelBuilder.Entity<EntryTagRecord>();
        entryTag.ToTable("EntryTags");
        entryTag.HasKey(t => new { t.EntryId, t.TagId });

        var entryLink = modelBuilder.Entity<EntryLinkRecord>();
        entryLink.ToTable("EntryLinks");
        entryLink.HasIndex(l => l.SourceId);
        entryLink.HasIndex(l => l.TargetId);
    }
}
