using LfRepo.Server.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Tests.Storage;

public sealed class SchemaTests
{
    /// <summary>A model change without its migration would leave stores behind the code.</summary>
    [Fact]
    public void The_migrations_hold_every_change_of_the_EF_model()
    {
        using var db = NewContext(out var connection);
        using var _ = connection;

        db.Database.HasPendingModelChanges().Should().BeFalse("every change of the model comes with a migration (dotnet ef migrations add)");
    }

    [Fact]
    public async Task The_migrations_create_exactly_what_the_EF_model_describes()
    {
        await using var db = NewContext(out var connection);
        await using var _ = connection;

        await db.Database.MigrateAsync();

        var fromModel = StoreSchema.Statements(db.Database.GenerateCreateScript());
        var migrated = await StoreSchema.ReadAsync(connection);
        migrated.Should().BeEquivalentTo(fromModel);
        db.Database.GetMigrations().Should().HaveCount(StoreInitializer.CurrentVersion);
    }

    private static LfRepoDbContext NewContext(out SqliteConnection connection)
    {
        connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return new LfRepoDbContext(new DbContextOptionsBuilder<LfRepoDbContext>().UseSqlite(connection).Options);
    }
}
