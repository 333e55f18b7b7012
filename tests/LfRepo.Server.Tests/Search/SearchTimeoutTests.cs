using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Storage;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tests.Search;

[Trait("Engine", "Both")]
public sealed class SearchTimeoutTests
{
    [Fact]
    public async Task A_simple_search_past_its_time_limit_answers_400_and_says_what_to_do()
    {
        await using var app = new LfRepoApp(("LfRepo:Search:SimpleSearchTimeoutSeconds", "0.0000001"));
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFolderAsync(1, "Report");

        var problem = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = "{LF:Name=\"report\"}" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The search timed out.");
        problem["errorCode"]!.GetValue<int>().Should().Be(9027);
        problem.Str("detail").Should().Contain("SearchAsync");
        await (await client.PostAsJsonAsync($"{LfRepo.Server.Tests.V1.V1EntriesTests.V1}/SimpleSearches", new { searchCommand = "{LF:Name=\"report\"}" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The search timed out.");

        // Searches run as tasks have no time limit.
        (await client.SearchNamesAsync("{LF:Name=\"report\"}")).Should().Equal("Report");
    }

    [Fact]
    public async Task Cancelling_interrupts_a_running_statement()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Counts to a hundred million: many seconds of work unless interrupted (then the assertion fails).
        command.CommandText = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) SELECT count(*) FROM n";
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var dialect = new SqliteDialect();
        using (dialect.InterruptOn(connection, cancellation.Token))
        {
            var run = () => command.ExecuteScalarAsync();
            dialect.IsInterrupt((await run.Should().ThrowAsync<SqliteException>()).Which).Should().BeTrue();
        }
    }
}
