using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Storage;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Entries;

/// <summary>Two server processes on one store: what one writes, the other reads at once (no stale entry cache).</summary>
[Trait("Engine", "Both")]
public sealed class CrossProcessEntryTests : IDisposable
{
    private static readonly (string, string)[] Settings = [("LfRepo:Tasks:HeartbeatMilliseconds", "50")];

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lfrepo-2proc-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task An_entry_renamed_moved_or_deleted_through_one_process_is_seen_so_by_the_other_at_once()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = _dataDir };
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
    public async Task A_process_alone_on_its_store_keeps_its_entry_cache()
    {
        await using var a = new LfRepoApp(Settings) { DataDir = _dataDir };
        await a.CreateSignedInClientAsync();
        await Task.Delay(200); // several heartbeats
        a.Services.GetRequiredService<StorePeers>().Shared.Should().BeFalse();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        condition().Should().BeTrue();
    }
}
