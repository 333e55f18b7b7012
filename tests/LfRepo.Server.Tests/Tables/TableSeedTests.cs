using System.Net;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Tables;

/// <summary>Seed files: what a bad one says, and when rows survive a restart.</summary>
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

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
