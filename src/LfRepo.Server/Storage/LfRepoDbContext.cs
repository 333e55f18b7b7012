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

        var user = modelBuilder.Entity<UserRecord>();
        user.ToTable("Users");
        user.HasIndex(u => u.UserName).IsUnique();

        modelBuilder.Entity<RepositoryRecord>().ToTable("Repositories");
        var task = modelBuilder.Entity<TaskRecord>();
        task.ToTable("Tasks");
        task.Ignore(t => t.IsFinished);
        task.HasIndex(t => t.TokenId);
        task.HasIndex(t => new { t.Status, t.FinishedTicks });

        modelBuilder.Entity<SchemaInfoRecord>().ToTable("SchemaInfo").Property(s => s.Id).ValueGeneratedNever();
    }
}
