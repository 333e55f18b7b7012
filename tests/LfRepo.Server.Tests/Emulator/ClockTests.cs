using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Emulator;

[Trait("Engine", "Both")]
public sealed class ClockTests
{
    private static readonly DateTimeOffset TestNow = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_clock_advances_is_set_and_goes_back_to_real_time()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var now = await client.GetJsonAsync(ControlPlane.Root + "/clock");
        now.Select(m => m.Key).Should().BeEquivalentTo(["now", "offsetSeconds"]);
        DateTimeOffset.Parse(now.Str("now")).Should().Be(TestNow);
        now["offsetSeconds"]!.GetValue<double>().Should().Be(0);

        var advanced = await (await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { advanceSeconds = 90 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        DateTimeOffset.Parse(advanced.Str("now")).Should().Be(TestNow.AddSeconds(90));
        advanced["offsetSeconds"]!.GetValue<double>().Should().Be(90);

        var set = await (await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { now = "2030-06-01T12:00:00Z" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        DateTimeOffset.Parse(set.Str("now")).Should().Be(new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero));
        // Years later the admin's token has expired: sign in again.
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LfRepoApp.RequestTokenAsync(client, "admin", "admin"));

        var real = await (await client.DeleteAsync(ControlPlane.Root + "/clock")).ShouldBeJsonAsync(HttpStatusCode.OK);
        DateTimeOffset.Parse(real.Str("now")).Should().Be(TestNow);
        real["offsetSeconds"]!.GetValue<double>().Should().Be(0);
    }

    [Fact]
    public async Task A_token_is_401_once_its_lifetime_of_emulated_time_is_over()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK);

        await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { advanceSeconds = 899 });
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK);

        // The token dies with this call; the admin signs in again to move the clock back.
        await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { advanceSeconds = 1 });
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "Access token is invalid or expired.");
    }

    [Fact]
    public async Task New_entries_take_their_times_from_the_emulated_clock()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { now = "2026-01-15T09:40:06Z" });

        var folder = await client.CreateFolderAsync(1, "Dated");

        DateTimeOffset.Parse(folder.Str("creationTime")).Should().Be(new DateTimeOffset(2026, 1, 15, 9, 40, 6, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_finished_task_expires_after_its_lifetime_of_emulated_time()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Source");
        var taskId = await client.StartCopyAsync(1, folder.Id(), "Copy");
        (await client.WaitForTaskAsync(taskId)).Str("status").Should().Be("Completed");

        await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { advanceSeconds = 15 * 60 + 1 });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LfRepoApp.RequestTokenAsync(client, "admin", "admin"));

        await (await client.GetAsync($"{LfRepoApp.V2}/Tasks?taskIds={taskId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
