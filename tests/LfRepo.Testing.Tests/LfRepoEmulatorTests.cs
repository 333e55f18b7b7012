using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LfRepo.Testing.Tests;

/// <summary>One emulator for the class, as a user's xunit fixture would hold it.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public LfRepoEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() => Emulator = await LfRepoEmulator.StartAsync(o => o.Seed = "empty");

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}

public sealed class LfRepoEmulatorTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static async Task<JsonObject> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    [Fact]
    public async Task The_emulator_listens_on_loopback_and_its_client_is_signed_in()
    {
        var lf = fixture.Emulator;

        lf.Address.Host.Should().Be("127.0.0.1");
        lf.Address.Port.Should().BeGreaterThan(0);
        lf.BaseUrl.Should().Be($"http://127.0.0.1:{lf.Address.Port}/LFRepositoryAPI");
        (lf.RepositoryId, lf.UserName, lf.Password).Should().Be(("r-emulator", "admin", "admin"));
        var root = await Json(await lf.Client.GetAsync($"v2/Repositories/{lf.RepositoryId}/Entries/1"), HttpStatusCode.OK);
        root["id"]!.GetValue<int>().Should().Be(1);
        root["entryType"]!.GetValue<string>().Should().Be("Folder");
    }

    [Fact]
    public async Task Two_emulators_run_at_once_with_stores_of_their_own_and_reset_and_snapshots_work()
    {
        await using var first = await LfRepoEmulator.StartAsync(o => o.Seed = "empty");
        await using var second = await LfRepoEmulator.StartAsync(o => { o.Seed = "empty"; o.RepositoryId = "r-second"; });

        first.Address.Port.Should().NotBe(second.Address.Port);
        var created = await first.Client.PostAsJsonAsync($"v2/Repositories/{first.RepositoryId}/Entries/1/Folder/Children", new { entryType = "Folder", name = "Only in the first" });
        var folder = await Json(created, HttpStatusCode.Created);
        var id = folder["id"]!.GetValue<int>();
        (await second.Client.GetAsync($"v2/Repositories/r-second/Entries/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        await first.SaveSnapshotAsync("with-folder");
        await first.ResetAsync(empty: true);
        (await first.Client.GetAsync($"v2/Repositories/{first.RepositoryId}/Entries/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await first.RestoreSnapshotAsync("with-folder");
        (await Json(await first.Client.GetAsync($"v2/Repositories/{first.RepositoryId}/Entries/{id}"), HttpStatusCode.OK))["name"]!.GetValue<string>()
            .Should().Be("Only in the first");
    }

    [Fact]
    public async Task A_control_plane_call_that_fails_says_what_the_server_answered()
    {
        var act = () => fixture.Emulator.RestoreSnapshotAsync("no-such-snapshot");

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
