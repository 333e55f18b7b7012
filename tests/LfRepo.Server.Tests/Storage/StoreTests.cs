using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tests.Storage;

public sealed class StoreTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lfrepo-store-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task A_data_folder_keeps_the_tree_across_restarts()
    {
        int id;
        await using (var first = new LfRepoApp { DataDir = _dataDir })
        {
            var client = await first.CreateSignedInClientAsync();
            id = (await client.CreateFolderAsync(1, "Kept")).Id();
        }

        await using var second = new LfRepoApp { DataDir = _dataDir };
        var again = await second.CreateSignedInClientAsync();
        (await again.GetEntryAsync(id)).Str("fullPath").Should().Be("\\Kept");
        File.Exists(Path.Combine(_dataDir, "lfrepo.db")).Should().BeTrue();
    }

    [Fact]
    public async Task A_store_from_a_newer_LfRepo_is_refused_with_a_clear_message()
    {
        await using (var first = new LfRepoApp { DataDir = _dataDir })
        {
            (await first.CreateClient().GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "lfrepo.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE SchemaInfo SET Version = 999";
            await command.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var second = new LfRepoApp { DataDir = _dataDir };
        var start = () => second.CreateClient();

        start.Should().Throw<InvalidOperationException>().WithMessage("*schema version 999*newer*");
    }

    [Fact]
    public async Task A_version_1_store_is_upgraded_and_keeps_its_entries()
    {
        int id;
        await using (var first = new LfRepoApp { DataDir = _dataDir })
        {
            id = (await (await first.CreateSignedInClientAsync()).CreateFolderAsync(1, "Old")).Id();
        }
        await ExecuteAsync("""
            DROP TABLE SearchTextPages; DROP TABLE Annotations; DROP TABLE AnnotationReasons;
            DROP TABLE Tasks; DROP TABLE Attributes; DROP TABLE AuditReasons; DROP TABLE EntryFields; DROP TABLE EntryLinks; DROP TABLE EntryTags;
            DROP TABLE FieldDefinitions; DROP TABLE LinkDefinitions; DROP TABLE TagDefinitions; DROP TABLE TemplateDefinitions; DROP TABLE TemplateFields;
            DROP TABLE Contents; DROP TABLE Edocs; DROP TABLE Pages; DROP TABLE Searches; DROP TABLE SearchResults;
            DROP TABLE FieldDefinitionSettings; DROP TABLE TemplateDefinitionSettings; DROP TABLE TemplateFieldSettings; DROP TABLE SeededDefinitions;
            DROP TABLE Trustees; DROP TABLE TrusteeMembers; DROP TABLE EntryAces; DROP TABLE EntryInheritance; DROP TABLE DefinitionAces;
            DROP TABLE DownloadLinks; DROP TABLE UploadSessions; DROP TABLE UploadParts; DROP TABLE __EFMigrationsHistory;
            DROP TABLE UserAreaEntries; DROP TABLE UserAreas;
            DROP TABLE DocumentStates; DROP TABLE CheckOutPages; DROP TABLE DocumentVersions;
            DROP TABLE RecordEvents; DROP TABLE RecordProperties; DROP TABLE Stamps; DROP TABLE TaskLeases; DROP TABLE StoreGenerations;
            UPDATE SchemaInfo SET Version = 1;
            """);

        await using var second = new LfRepoApp { DataDir = _dataDir };
        var client = await second.CreateSignedInClientAsync();

        (await client.GetEntryAsync(id)).Str("name").Should().Be("Old");
        var taskId = await client.StartDeleteAsync(id);
        (await client.WaitForTaskAsync(taskId)).Str("status").Should().Be("Completed", "the upgrade created the tasks table");
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "lfrepo.db")}");
        await connection.OpenAsync();
        await using var version = connection.CreateCommand();
        version.CommandText = "SELECT Version FROM SchemaInfo";
        ((long)(await version.ExecuteScalarAsync())!).Should().Be(LfRepo.Server.Storage.StoreInitializer.CurrentVersion);
    }

    [Fact]
    public async Task A_version_5_store_is_upgraded_with_user_areas()
    {
        int id;
        await using (var first = new LfRepoApp { DataDir = _dataDir })
        {
            id = (await (await first.CreateSignedInClientAsync()).CreateFolderAsync(1, "Old")).Id();
        }
        await ExecuteAsync(StoreRollback.BeforeNewestMigration);

        await using var second = new LfRepoApp { DataDir = _dataDir };
        var client = await second.CreateSignedInClientAsync();

        var starred = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/StarredEntries", new { entryIds = new[] { id } })).Content.ReadAsStringAsync();
        starred.Should().Be($$"""[{"entryId":{{id}},"fullPath":"\\Old"}]""");
    }

    private async Task ExecuteAsync(string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "lfrepo.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_foreign_database_is_refused()
    {
        Directory.CreateDirectory(_dataDir);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "lfrepo.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Something (Id INTEGER)";
            await command.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var app = new LfRepoApp { DataDir = _dataDir };
        var start = () => app.CreateClient();

        start.Should().Throw<InvalidOperationException>().WithMessage("*not an LfRepo store*");
    }
}
