using System.Net;
using System.Text;
using LfRepo.Server.Security;
using LfRepo.Server.Tables;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Tables;

/// <summary>
/// Rights on the Table API, as administrator, as user1 (group Users) and as a user in no group: Open names no
/// trustees (Users read, administrators write), Shared lets Everyone read and user1 write, Secret names no readers.
/// </summary>
[Trait("Engine", "Both")]
public sealed class TableRightsTests : IAsyncLifetime
{
    private const string Seed = """
        {
          "tables": [
            { "name": "Open", "columns": [ { "name": "Label", "type": "Text" } ], "csv": "rows.csv" },
            { "name": "Shared", "readers": [ "Everyone" ], "writers": [ "user1" ], "columns": [ { "name": "Label", "type": "Text" } ], "csv": "rows.csv" },
            { "name": "Secret", "readers": [], "columns": [ { "name": "Label", "type": "Text" } ], "csv": "rows.csv" }
          ]
        }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lfrepo-tables-" + Guid.NewGuid().ToString("N"));
    private LfRepoApp _app = null!;
    private HttpClient _admin = null!;
    private HttpClient _user1 = null!;
    private HttpClient _outsider = null!;

    public async Task InitializeAsync()
    {
        var seed = TableSeedFixture.WriteSeed(_folder, Seed, ("rows.csv", "Label\none\ntwo\n"));
        _app = new LfRepoApp(("LfRepo:Tables:SeedFile", seed));
        _admin = await _app.CreateSignedInClientAsync();
        _user1 = await _app.CreateSignedInClientAsync("user1");
        await _app.Services.GetRequiredService<UserDirectory>().CreateUserAsync(new NewUser("outsider", "outsider"), CancellationToken.None);
        _outsider = await _app.CreateSignedInClientAsync("outsider");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Url(string table) => TableSeedFixture.Root + "/" + table;

    [Fact]
    public async Task An_administrator_reads_and_changes_every_table()
    {
        var secret = await _admin.QueryAsync("Secret", ("$count", "true"));
        var created = await _admin.PostJsonAsync(Url("Open"), new { Label = "three" });
        var patched = await _admin.PatchJsonAsync(Url("Secret('1')"), new { Label = "uno" });

        secret["@odata.count"]!.GetValue<int>().Should().Be(2);
        (await created.ShouldBeJsonAsync(HttpStatusCode.Created))["_key"]!.GetValue<string>().Should().Be("3");
        patched.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task User1_reads_the_tables_of_Users_but_changes_only_where_it_is_a_writer()
    {
        var open = await _user1.QueryAsync("Open", ("$count", "true"));
        var shared = await _user1.PostJsonAsync(Url("Shared"), new { Label = "three" });
        var sharedPatch = await _user1.PatchJsonAsync(Url("Shared('1')"), new { Label = "uno" });
        var sharedDelete = await _user1.DeleteAsync(Url("Shared('2')"));

        open["@odata.count"]!.GetValue<int>().Should().Be(2);
        (await shared.ShouldBeJsonAsync(HttpStatusCode.Created))["Label"]!.GetValue<string>().Should().Be("three");
        sharedPatch.StatusCode.Should().Be(HttpStatusCode.NoContent);
        sharedDelete.StatusCode.Should().Be(HttpStatusCode.NoContent);

        var denied = await (await _user1.PostJsonAsync(Url("Open"), new { Label = "three" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        denied["detail"]!.GetValue<string>().Should().Contain("user1").And.Contain("Open");
        await (await _user1.PatchJsonAsync(Url("Open('1')"), new { Label = "uno" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        await (await _user1.DeleteAsync(Url("Open('1')"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        await (await _user1.PostAsync(Url("Open") + "/ReplaceAllRowsAsync", new StringContent("Label\nx\n", Encoding.UTF8, "text/csv")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        await (await _user1.GetAsync(Url("Secret"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        await (await _user1.GetAsync(Url("Secret") + "/$count")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        await (await _user1.GetAsync(Url("Secret('1')"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");

        // The refused writes changed nothing.
        var after = await _admin.QueryAsync("Open", ("$orderby", "_key"));
        after.Keys().Should().Equal("1", "2");
        after["value"]![0]!["Label"]!.GetValue<string>().Should().Be("one");
    }

    [Fact]
    public async Task A_writer_replaces_all_rows_as_a_task()
    {
        var response = await _user1.PostAsync(Url("Shared") + "/ReplaceAllRowsAsync", new StringContent("Label\nx\n", Encoding.UTF8, "text/csv"));

        (await response.ShouldBeJsonAsync(HttpStatusCode.Accepted))["taskId"]!.GetValue<string>().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_user_in_no_group_reads_only_what_Everyone_may_read()
    {
        var shared = await _outsider.QueryAsync("Shared", ("$count", "true"));

        shared["@odata.count"]!.GetValue<int>().Should().Be(2);
        await (await _outsider.GetAsync(Url("Open"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        await (await _outsider.PostJsonAsync(Url("Shared"), new { Label = "x" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        await (await _outsider.GetAsync(Url("Nope"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Table not found.");
    }

    [Fact]
    public async Task The_preview_routes_list_and_serve_only_readable_tables()
    {
        var catalog = _app.Services.GetRequiredService<TableCatalog>();
        var openId = catalog.Find("Open")!.Id;
        var sharedId = catalog.Find("Shared")!.Id;

        var outsiderList = await (await _outsider.GetAsync("/table/v1/Tables")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var user1List = await (await _user1.GetAsync("/table/v1/Tables")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var adminList = await (await _admin.GetAsync("/table/v1/Tables")).ShouldBeJsonAsync(HttpStatusCode.OK);

        outsiderList["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Shared");
        user1List["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Open", "Shared");
        adminList["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Open", "Shared", "Secret");
        await (await _outsider.GetAsync($"/table/v1/Tables/{openId}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        await (await _outsider.GetAsync($"/table/v1/Tables/{openId}/Rows")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        await (await _outsider.DeleteAsync($"/table/v1/Tables/{sharedId}/Rows/1")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "Access denied.");
        (await _user1.DeleteAsync($"/table/v1/Tables/{sharedId}/Rows/1")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }
}
