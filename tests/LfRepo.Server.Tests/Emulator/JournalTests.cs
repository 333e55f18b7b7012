using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Emulator;

[Trait("Engine", "Both")]
public sealed class JournalTests
{
    [Fact]
    public async Task The_journal_records_each_api_request_with_its_operation_id_and_not_its_own_calls()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Journaled");
        var copy = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/CopyAsync", new { sourceId = folder.Id(), name = "Copy" });
        var requestId = copy.Headers.GetValues("X-RequestId").Single();
        await client.GetAsync($"{LfRepoApp.V2}/Entries/999?$select=name");
        await client.GetAsync(ControlPlane.Root + "/clock");

        var journal = await client.GetJsonAsync(ControlPlane.Root + "/requests");

        var entries = journal["value"]!.AsArray().Select(e => e!.AsObject()).ToList();
        journal["count"]!.GetValue<int>().Should().Be(entries.Count);
        entries.Select(e => e.Str("path")).Should().NotContain(p => p.StartsWith("/_emulator"));
        entries.Select(e => e["operationId"]?.GetValue<string>()).Should().ContainInOrder("CreateEntry", "StartCopyEntry", "GetEntry");
        entries.Select(e => e["sequence"]!.GetValue<long>()).Should().BeInAscendingOrder();
        var started = entries.Single(e => e["operationId"]?.GetValue<string>() == "StartCopyEntry");
        started.Select(m => m.Key).Should().BeEquivalentTo(["sequence", "timestamp", "method", "path", "query", "status", "operationId", "requestId", "user", "durationMs"]);
        started.Str("method").Should().Be("POST");
        started.Str("path").Should().Be($"{LfRepoApp.V2}/Entries/1/Folder/CopyAsync");
        started["status"]!.GetValue<int>().Should().Be(202);
        started.Str("requestId").Should().Be(requestId);
        started.Str("user").Should().Be("admin");
        started["durationMs"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(0);
        var missing = entries.Single(e => e["operationId"]?.GetValue<string>() == "GetEntry");
        missing["status"]!.GetValue<int>().Should().Be(404);
        missing.Str("query").Should().Be("?$select=name");
        entries.First().Str("path").Should().EndWith("/Token");
        entries.First()["user"].Should().BeNull();
    }

    [Fact]
    public async Task The_journal_filters_by_method_path_operation_status_user_and_sequence()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFolderAsync(1, "One");
        await client.GetAsync($"{LfRepoApp.V2}/Entries/1");
        await client.GetAsync($"{LfRepoApp.V2}/Entries/404");
        await client.GetAsync($"{LfRepoApp.V2}/FieldDefinitions");

        async Task<List<string?>> Operations(string query) =>
            [.. (await client.GetJsonAsync(ControlPlane.Root + "/requests?" + query))["value"]!.AsArray().Select(e => e!["operationId"]?.GetValue<string>())];

        (await Operations("method=POST&user=admin")).Should().Equal("CreateEntry");
        (await Operations("operationId=getentry")).Should().Equal("GetEntry", "GetEntry");
        (await Operations("status=404")).Should().Equal("GetEntry");
        (await Operations($"path={LfRepoApp.V2}/FieldDefinitions")).Should().Equal("ListFieldDefinitions");
        (await Operations("since=3&limit=1")).Should().Equal("GetEntry");
        var all = await client.GetJsonAsync(ControlPlane.Root + "/requests?since=2");
        all["value"]!.AsArray().First()!["sequence"]!.GetValue<long>().Should().Be(3);
        await (await client.GetAsync(ControlPlane.Root + "/requests?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_journal_keeps_the_newest_requests_up_to_its_capacity_and_clears()
    {
        await using var app = new LfRepoApp(("LfRepo:Journal:Capacity", "3"));
        var client = await app.CreateSignedInClientAsync();
        for (var i = 0; i < 5; i++)
        {
            await client.GetAsync($"{LfRepoApp.V2}/Entries/1");
        }

        var journal = await client.GetJsonAsync(ControlPlane.Root + "/requests");
        journal["value"]!.AsArray().Select(e => e!["sequence"]!.GetValue<long>()).Should().Equal(4, 5, 6);

        await client.DeleteAsync(ControlPlane.Root + "/requests").ShouldBeNoContentAsync();
        (await client.GetJsonAsync(ControlPlane.Root + "/requests"))["count"]!.GetValue<int>().Should().Be(0);
    }
}
