using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Storage;

/// <summary>
/// The store's one context. It names no feature: each feature folder owns its entity types and one
/// <see cref="IEntityTypeConfiguration{TEntity}"/> per type, found here by assembly scan, and reaches its rows
/// with <c>db.Set&lt;T&gt;()</c>. The migrations in <c>Storage/Migrations</c> are generated from this model (SQLite);
/// <see cref="PostgresStoreContext"/> is the same model on PostgreSQL, with its own migrations.
/// </summary>
public class LfRepoDbContext : DbContext
{
    public LfRepoDbContext(DbContextOptions<LfRepoDbContext> options)
        : base(options)
    {
    }

    /// <summary>For an engine's own context type, whose migrations are its own.</summary>
    protected LfRepoDbContext(DbContextOptions options)
        : base(options)
    {
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LfRepoDbContext).Assembly);
}

/// <summary>
/// The model on PostgreSQL (migrations in <c>Storage/Migrations/Postgres</c>). Table and column names are lower
/// case and booleans are stored as 0/1 integers, so the hand-written SQL the features share with SQLite reads the
/// same on both engines: PostgreSQL folds unquoted identifiers to lower case, and that SQL compares flags with 0 and 1.
/// </summary>
public sealed class PostgresStoreContext(DbContextOptions<PostgresStoreContext> options) : LfRepoDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetTableName(entity.GetTableName()?.ToLowerInvariant());
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(property.GetColumnName().ToLowerInvariant());
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName(key.GetName()?.ToLowerInvariant());
            }
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(foreignKey.GetConstraintName()?.ToLowerInvariant());
            }
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(index.GetDatabaseName()?.ToLowerInvariant());
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<bool>().HaveConversion<int>();
}
