using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Storage;

/// <summary>
/// The store's one context. It names no feature: each feature folder owns its entity types and one
/// <see cref="IEntityTypeConfiguration{TEntity}"/> per type, found here by assembly scan, and reaches its rows
/// with <c>db.Set&lt;T&gt;()</c>. The migrations in <c>Storage/Migrations</c> are generated from this model.
/// </summary>
public sealed class LfRepoDbContext(DbContextOptions<LfRepoDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LfRepoDbContext).Assembly);
}
