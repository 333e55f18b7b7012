using System.Net;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tables;

/// <summary>Seed files: what a bad one says, when rows survive a restart, and tasks a restart interrupted.</summary>
[Trait("Engine", "Both")]
public sealed class TableSeedTests : IDisposable
{
    private const string OneTable = """{ "tables": [ { "name": "Colors", "columns": [ { "name": "Name", "type": "Text" } ], "csv": "colors.csv" } ] }""";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lfrepo-tables-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("""{ "tables": [ { "name": "T", "columns": [ { "name": "A", "type": "Money" } ] } ] }""", "columns[0].type")]
    [InlineData("""{ "tables": [ { "name": "Bad Name", "columns": [] } ] }""", "Bad Name")]
    [InlineData("""{ "tables": [ { "name": "T", "columns": [ { "name": "_key", "type": "Text" } ] } ] }""", "_key")]
    [InlineData("""{ "tables": [ { "name": "T", "columns": [ { "name": "RowId", "type": "Integer" } ] } ] }""", "reserved")]
    [InlineData("""{ "tables": [ { "name": "T", "columns": [ { "name": "N", "type": "Integer", "maximumTextLength": 5 } ] } ] }""", "maximumTextLength")]
    [InlineData("""{ "tables": [ { "name": "T", "columns": [ { "name": "N", "type": "Integer" } ], "csv": "missing.csv" } ] }""", "missing.csv")]
    [InlineData("""{ "tables": [ { "name": "T", "columns": [ { "name": "N", "type": "Integer" } ], "csv": "colors.csv" } ] }""", "Name")]
    public async Task A_bad_seed_stops_start_up_and_says_why(string seed, string mentioned)
    {
        var path = TableSeedFixture.WriteSeed(_folder, seed, ("colors.csv", "Name\nred\n"));
        await using var app = new LfRepoApp(("LfRepo:Tables:SeedFile", path));

        var start = () => app.CreateClient();

        start.Should().Throw<Exception>().Where(e => Flatten(e).Contains(mentioned));
    }

    [Fact]
    public async Task Rows_survive_a_restart_until_the_seed_changes()
    {
        var path = TableSeedFixture.WriteSeed(_folder, OneTable, ("colors.csv", "Name\nred\ngreen\n"));
        var data = Path.Combine(_folder, "data");
        (string, string) seed = ("LfRepo:Tables:SeedFile", path);

        await using (var first = new LfRepoApp(seed) { DataDir = data })
        {
            var client = await first.CreateSignedInClientAsync();
            (await client.DeleteAsync(TableSeedFixture.Root + "/Colors('1')")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        await using (var second = new LfRepoApp(seed) { DataDir = data })
        {
            var client = await second.CreateSignedInClientAsync();
            (await client.QueryAsync("Colors")).Keys().Should().Equal("2");
        }
        File.WriteAllText(Path.Combine(_folder, "colors.csv"), "Name\nred\ngreen\nblue\n");
        await using (var third = new LfRepoApp(seed) { DataDir = data })
        {
            var client = await third.CreateSignedInClientAsync();
            (await client.QueryAsync("Colors")).Keys().Should().Equal("1", "2", "3");
        }
    }

    [Fact]
    public async Task A_replace_task_left_running_by_a_stopped_server_ends_failed_at_the_next_start()
    {
        var data = Path.Combine(_folder, "data");
        await using (var first = new LfRepoApp { DataDir = data })
        {
            var client = await first.CreateSignedInClientAsync();
            (await client.QueryAsync("Regions")).Keys().Should().HaveCount(6);
        }
        await using (var connection = await TestStore.OpenStoreOfAsync(data))
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO Tasks (Id, TaskType, Status, PercentComplete, ResultEntryId, StartTicks, LastUpdateTicks, UserName, TokenId,
                    RequestJson, BaseUrl, Instance, OperationId, CancelRequested)
                VALUES ('t-1', 5, 1, 40, 0, 639040662000000000, 639040662000000000, @user, '', '{"Table":"Products","Csv":""}', 'http://localhost', '/', '', 0)
                """;
            var user = insert.CreateParameter();
            user.ParameterName = "@user";
            user.Value = "admin";
            insert.Parameters.Add(user);
            await insert.ExecuteNonQueryAsync();
        }

        await using var second = new LfRepoApp { DataDir = data };
        var again = await second.CreateSignedInClientAsync();
        var task = await (await again.GetAsync("/odata4/general/Tasks('t-1')")).ShouldBeJsonAsync(HttpStatusCode.OK);

        task["Status"]!.GetValue<string>().Should().Be("Failed");
        task["Errors"]![0]!["title"]!.GetValue<string>().Should().Be("The server restarted before the task finished.");
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
