using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LfRepo.Server.Storage;

/// <summary>The context as <c>dotnet ef</c> sees it (migrations add/list), without starting the server.</summary>
public sealed class LfRepoDesignTimeFactory : IDesignTimeDbContextFactory<LfRepoDbContext>
{
    public LfRepoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LfRepoDbContext>().UseSqlite("Data Source=:memory:").Options);
}
