using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LfRepo.Server.Storage;

/// <summary>The context as <c>dotnet ef</c> sees it (migrations add/list), without starting the server.</summary>
public sealed class LfRepoDesignTimeFactory : IDesignTimeDbContextFactory<LfRepoDbContext>
{
    public LfRepoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LfRepoDbContext>().UseSqlite("Data Source=:memory:").Options);
}

/// <summary>
/// The PostgreSQL context as <c>dotnet ef … --context PostgresStoreContext</c> sees it; adding a migration does not
/// connect, so the connection string only names the engine.
/// </summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStoreContext>
{
    public PostgresStoreContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresStoreContext>();
        PostgresDialect.ConfigureModel(builder, "Host=localhost;Database=lfrepo");
        return new PostgresStoreContext(builder.Options);
    }
}
