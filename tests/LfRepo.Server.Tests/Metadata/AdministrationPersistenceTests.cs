using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LfRepo.Server.Storage;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using LfRepo.Server.Auth;

namespace LfRepo.Server.Tests.Metadata;

public sealed class AdministrationPersistenceTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lfrepo-admin-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Administration_survives_a_restart_and_the_seed_does_not_undo_it()
    {
        int mine;
        await using (var first = new LfRepoApp { DataDir = _dataDir })
        {
            var client = await first.CreateSignedInClientAsync();
            mine = (await client.CreateFieldAsync(new { name = "Mine", fieldType = "String", isIndexed = true })).Id();
            (await client.DeleteAsync($"{LfRepoApp.V2}/FieldDefinitions/2")).StatusCode.Should().Be(HttpStatusCode.NoContent);
            await (await client.PatchJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/1", new { name = "Everyday", color = new { a = 255, r = 9, g = 8, b = 7 } }))
                .ShouldBeJsonAsync(HttpStatusCode.OK);
            (await client.DeleteAsync($"{LfRepoApp.V2}/TemplateDefinitions/2/Fields/Amount")).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await client.PostAsJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/2/Fields", new { fieldName = "Mine", position = 1 })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        await using var second = new LfRepoApp { DataDir = _dataDir };
        var again = await second.CreateSignedInClientAsync();

        var names = (await again.ValuesAsync($"{LfRepoApp.V2}/FieldDefinitions")).Select(f => f.Str("name")).ToList();
        names.Should().Contain("Mine").And.NotContain("Comment");
        (await again.GetJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/{mine}"))["isIndexed"]!.GetValue<bool>().Should().BeTrue();
        (await again.ValuesAsync($"{LfRepoApp.V2}/TemplateDefinitions")).Select(t => t.Str("name")).Should().Equal("Everyday", "Invoice", "Address");
        (await again.GetJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/1"))["color"]!["r"]!.GetValue<int>().Should().Be(9);
        (await again.TemplateFieldNamesAsync(2)).Should().Equal("Mine", "Invoice Number", "Date Received", "Item Name", "Item Price");
    }

    [Fact]
    public async Task A_version_5_store_counts_what_it_holds_as_seeded()
    {
        await using (var first = new LfRepoApp { DataDir = _dataDir })
        {
            await first.CreateSignedInClientAsync();
        }
        await ExecuteAsync(StoreRollback.BeforeNewestMigration);
        await using (var upgraded = new LfRepoApp { DataDir = _dataDir })
        {
            var client = await upgraded.CreateSignedInClientAsync();
            (await client.GetJsonAsync($"{LfRepoApp.V2}/FieldDefinitions/1"))["isIndexed"]!.GetValue<bool>().Should().BeFalse();
            (await client.DeleteAsync($"{LfRepoApp.V2}/TemplateDefinitions/1/Fields/Text")).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await client.DeleteAsync($"{LfRepoApp.V2}/FieldDefinitions/2")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        await using var restarted = new LfRepoApp { DataDir = _dataDir };
        var again = await restarted.CreateSignedInClientAsync();
        (await again.TemplateFieldNamesAsync(1)).Should().Equal("Date Received", "Status");
        await (await again.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/2")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Administration_needs_the_privilege_or_the_definition_rights()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var hash = app.Services.GetRequiredService<IPasswordHasher<UserRecord>>().HashPassword(new UserRecord { UserName = "clerk", PasswordHash = "" }, "secret");
        await using (var connection = await app.Services.GetRequiredService<StoreConnection>().OpenAsync(CancellationToken.None))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO Users (UserName, PasswordHash) VALUES ('clerk', @hash)";
            command.AddWithValue("@hash", hash);
            await command.ExecuteNonQueryAsync();
        }
        var clerk = app.CreateClient();
        clerk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LfRepoApp.RequestTokenAsync(clerk, "clerk", "secret"));

        var refused = await clerk.PostAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions", new { name = "Sneaky", fieldType = "String" });

        (await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.")).Str("detail")
            .Should().Be("User 'clerk' lacks the ManageTemplates privilege CreateFieldDefinition needs.");
        (await (await clerk.DeleteAsync($"{LfRepoApp.V2}/TemplateDefinitions/1")).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Str("detail")
            .Should().Be("User 'clerk' lacks the Delete right on template 1.");
        (await clerk.GetAsync($"{LfRepoApp.V2}/FieldDefinitions/1/Properties")).StatusCode.Should().Be(HttpStatusCode.OK, "a field without an ACL may be read by everyone");
        (await clerk.GetAsync($"{LfRepoApp.V2}/FieldDefinitions")).StatusCode.Should().Be(HttpStatusCode.OK, "reading definitions stays open to every user");
        (await admin.GetJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions/1")).Str("name").Should().Be("General");
    }

    private async Task ExecuteAsync(string sql)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "lfrepo.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
