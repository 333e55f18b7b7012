using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Storage;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Entries;

/// <summary>Two server processes on one store: what one writes, the other reads at once (no stale entry cache).</summary>
[Trait("Engine", "Both")]
public sealed class CrossProcessEntryTests : SharedStoreTest
{
    private static readonly (string, string)[] Settings = [("LfRepo:Tasks:HeartbeatMilliseconds", "50")];

    [Fact]
    public async Task An_entry_renamed_moved_or_deleted_through_one_process_is_seen_so_by_the_other_at_once()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        var folder = (await clientA.CreateFolderAsync(1, "Old")).Id();
        var destination = (await clientA.CreateFolderAsync(1, "Destination")).Id();
        (await clientA.GetEntryAsync(folder)).Str("name").Should().Be("Old"); // cached by A while it is alone

        await using var b = new LfRepoApp(Settings) { SharesStoreWith = a };
        var clientB = await b.CreateSignedInClientAsync();
        b.Services.GetRequiredService<StorePeers>().Shared.Should().BeTrue("B found A when it started");
        await WaitUntilAsync(() => a.Services.GetRequiredService<StorePeers>().Shared);

        (await clientB.GetEntryAsync(folder)).Str("name").Should().Be("Old");
        await (await clientA.PatchAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}", new { name = "Renamed" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await clientB.GetEntryAsync(folder)).Str("name").Should().Be("Renamed");

        await (await clientB.PatchAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder}", new { parentId = destination, name = "Moved" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var seenByA = await clientA.GetEntryAsync(folder);
        seenByA.Str("name").Should().Be("Moved");
        seenByA["parentId"]!.GetValue<int>().Should().Be(destination);

        (await clientA.WaitForTaskAsync(await clientA.StartDeleteAsync(folder))).Str("status").Should().Be("Completed");
        (await clientB.GetAsync($"{LfRepoApp.V2}/Entries/{folder}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_hundred_creates_of_one_name_over_two_processes_give_one_entry_and_99_conflicts_or_100_names()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = DataDir };
        var clientA = await a.CreateSignedInClientAsync();
        await using var b = new LfRepoApp(Settings) { SharesStoreWith = a };
        var clientB = await b.CreateSignedInClientAsync();
        var folder = (await clientA.CreateFolderAsync(1, "Race")).Id();

        Task<HttpResponseMessage> Create(int i, bool autoRename) => (i % 2 == 0 ? clientA : clientB).PostAsJsonAsync(
            $"{LfRepoApp.V2}/Entries/{folder}/Folder/Children", new { name = autoRename ? "Renamed" : "Same", entryType = "Folder", autoRename });

        var plain = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Create(i, autoRename: false)));
        plain.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        plain.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        foreach (var conflict in plain.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            (await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Should().NotBeNull();
        }

        var renamed = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Create(i, autoRename: true)));
        renamed.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created);
        var names = new List<string>();
        foreach (var response in renamed)
        {
            names.Add((await response.ShouldBeJsonAsync(HttpStatusCode.Created)).Str("name"));
        }
        names.Should().OnlyHaveUniqueItems().And.HaveCount(100).And.Contain("Renamed");

        var children = await clientB.ReadAllPagesAsync($"{LfRepoApp.V2}/Entries/{folder}/Folder/Children");
        children.SelectMany(p => p["value"]!.AsArray()).Should().HaveCount(101, "one Same and a hundred Renamed, each once");
        await b.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task A_process_alone_on_its_store_keeps_its_entry_cache()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = DataDir };
        await a.CreateSignedInClientAsync();
        await Task.Delay(200); // several heartbeats
        a.Services.GetRequiredService<StorePeers>().Shared.Should().BeFalse();
    }
}
