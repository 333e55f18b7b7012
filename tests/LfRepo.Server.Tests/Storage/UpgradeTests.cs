using LfRepo.Server.Storage;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tests.Storage;

/// <summary>A data folder written by the last release before migrations is upgraded in place.</summary>
public sealed class UpgradeTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lfrepo-upgrade-test-" + Guid.NewGuid().ToString("N"));
    private readonly string _freshDir = Path.Combine(Path.GetTempPath(), "lfrepo-upgrade-fresh-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var dir in new[] { _dataDir, _freshDir })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_store_of_the_release_before_migrations_is_upgraded_with_nothing_lost()
    {
        Directory.CreateDirectory(_dataDir);
        await ExecuteAsync(_dataDir, Release5Schema.Create + $"""
            ;
            INSERT INTO SchemaInfo (Id, Version) VALUES (1, {Release5Schema.Version});
            INSERT INTO Repositories (Id, Name) VALUES ('r-emulator', 'r-emulator');
            INSERT INTO Entries (Id, ParentId, Name, NameKey, FullPath, EntryType, Creator, CreationTicks, LastModifiedTicks,
                VolumeName, TemplateId, TemplateName, Extension, MimeType, ElectronicDocumentSize, IsElectronicDocument, PageCount)
            VALUES (1, NULL, '', '', '\', 0, 'admin', 638000000000000000, 638000000000000000, 'DEFAULTVOL', 0, '', '', '', 0, 0, 0),
                   (7, 1, 'Kept from release 5', 'KEPT FROM RELEASE 5', '\Kept from release 5', 0, 'admin', 638000000000000000, 638000000000000000, 'DEFAULTVOL', 0, '', '', '', 0, 0, 0);
            INSERT INTO TagDefinitions (Id, Name, NameKey, Description, IsSecure) VALUES (40, 'Old tag', 'OLD TAG', 'from release 5', 0);
            INSERT INTO EntryTags (EntryId, TagId) VALUES (7, 40);
            """);

        await using (var app = new LfRepoApp { DataDir = _dataDir })
        {
            var client = await app.CreateSignedInClientAsync();

            var entry = await client.GetEntryAsync(7);
            entry.Str("fullPath").Should().Be("\\Kept from release 5");
            var tags = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/7/Tags")).ShouldBeJsonAsync(System.Net.HttpStatusCode.OK);
            tags["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Old tag");
            (await client.CreateFolderAsync(7, "New after the upgrade")).Str("fullPath").Should().Be("\\Kept from release 5\\New after the upgrade");
        }
        await using (var fresh = new LfRepoApp { DataDir = _freshDir })
        {
            (await fresh.CreateSignedInClientAsync()).Should().NotBeNull();
        }

        SqliteConnection.ClearAllPools();
        await using var upgraded = await OpenAsync(_dataDir);
        await using var created = await OpenAsync(_freshDir);
        (await StoreSchema.ReadAsync(upgraded)).Should().Equal(await StoreSchema.ReadAsync(created), "the upgraded store has the schema of a new one");
        (await ScalarAsync(upgraded, "SELECT Version FROM SchemaInfo")).Should().Be(StoreInitializer.CurrentVersion);
        (await ScalarAsync(upgraded, "SELECT COUNT(*) FROM __EFMigrationsHistory")).Should().Be(StoreInitializer.CurrentVersion);
    }

    private static async Task<SqliteConnection> OpenAsync(string dir)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "lfrepo.db")}");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string dir, string sql)
    {
        await using (var connection = await OpenAsync(dir))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
    }
}
