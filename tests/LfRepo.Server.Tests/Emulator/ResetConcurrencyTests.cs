using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Emulator;

/// <summary>Reset and restore replace the store only once the requests in flight are done; no request sees a half-reset store.</summary>
[Trait("Engine", "Both")]
public sealed class ResetConcurrencyTests
{
    [Fact]
    public async Task A_request_in_flight_finishes_before_the_reset_replaces_the_store()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.AddFaultAsync(new { operationId = "CreateEntry", delayMs = 1500 });

        var create = client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children", new { name = "In flight", entryType = "Folder" });
        await Task.Delay(300);
        var started = DateTime.UtcNow;
        await client.ResetAsync();
        var waited = DateTime.UtcNow - started;

        (await create).StatusCode.Should().Be(HttpStatusCode.Created);
        waited.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900), "the reset waited for the create in flight");
        (await client.ChildrenAsync(1)).Should().BeEmpty("the create finished before the reset, which then removed it");
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task Requests_running_during_resets_and_restores_see_a_whole_store_or_a_503()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFolderAsync(1, "Saved");
        (await client.PutAsync(ControlPlane.Root + "/snapshots/during", null)).StatusCode.Should().Be(HttpStatusCode.Created);
        var statuses = new ConcurrentBag<(string What, HttpStatusCode Status, bool RetryAfter)>();
        using var stop = new CancellationTokenSource();

        async Task WorkAsync(int worker)
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var root = await client.GetAsync($"{LfRepoApp.V2}/Entries/1");
                statuses.Add(("GetEntry", root.StatusCode, root.Headers.RetryAfter is not null));
                var created = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children", new { name = $"w{worker}-{i++}", entryType = "Folder" });
                statuses.Add(("CreateEntry", created.StatusCode, created.Headers.RetryAfter is not null));
                var children = await client.GetAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children");
                statuses.Add(("ListEntries", children.StatusCode, children.Headers.RetryAfter is not null));
            }
        }

        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(() => WorkAsync(w))).ToList();
        for (var round = 0; round < 4; round++)
        {
            await Task.Delay(150);
            await client.ResetAsync();
            await Task.Delay(150);
            await client.PostAsync(ControlPlane.Root + "/snapshots/during/restore", null).ShouldBeNoContentAsync();
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        statuses.Should().NotBeEmpty();
        statuses.Where(s => s.Status == HttpStatusCode.ServiceUnavailable).All(s => s.RetryAfter).Should().BeTrue("a 503 says when to try again");
        statuses.Where(s => s.What == "GetEntry").Should().OnlyContain(s => s.Status == HttpStatusCode.OK || s.Status == HttpStatusCode.ServiceUnavailable,
            "the root folder is there in every whole store");
        statuses.Where(s => s.What == "CreateEntry").Should().OnlyContain(s => s.Status == HttpStatusCode.Created || s.Status == HttpStatusCode.ServiceUnavailable);
        statuses.Where(s => s.What == "ListEntries").Should().OnlyContain(s => s.Status == HttpStatusCode.OK || s.Status == HttpStatusCode.ServiceUnavailable);
        statuses.Count(s => s.What == "CreateEntry" && s.Status == HttpStatusCode.Created).Should().BePositive();

        await client.PostAsync(ControlPlane.Root + "/snapshots/during/restore", null).ShouldBeNoContentAsync();
        (await client.ChildrenAsync(1)).Select(c => c!["name"]!.GetValue<string>()).Should().Equal("Saved");
        await app.ShouldHaveASoundStoreAsync();
    }
}
