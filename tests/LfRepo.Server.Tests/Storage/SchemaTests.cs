using LfRepo.Server.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Tests.Storage;

[Trait("Engine", "Both")]
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
        await using var migrated = NewContext(out var migratedConnection);
        await using var _ = migratedConnection;
        await using var created = NewContext(out var createdConnection);
        await using var __ = createdConnection;

        await migrated.Database.MigrateAsync();
        await created.Database.EnsureCreatedAsync();

        var fromModel = await StoreSchema.ReadAsync(createdConnection);
        fromModel.Should().Contain(line => line.StartsWith("Entries.NameKey TEXT NOT NULL", StringComparison.Ordinal));
        (await StoreSchema.ReadAsync(migratedConnection)).Should().Equal(fromModel);
        migrated.Database.GetMigrations().Should().HaveCount(StoreInitializer.CurrentVersion);
    }

    private static LfRepoDbContext NewContext(out SqliteConnection connection)
    {
        connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return new LfRepoDbContext(new DbContextOptionsBuilder<LfRepoDbContext>().UseSqlite(connection).Options);
    }
}
