using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Emulator;

[Trait("Engine", "Both")]
public sealed class ControlPlaneTests
{
    [Fact]
    public async Task Info_names_version_store_repository_start_and_now()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var info = await client.GetJsonAsync(ControlPlane.Root);

        info.Select(m => m.Key).Should().BeEquivalentTo(["version", "store", "repositoryId", "startedAt", "now"]);
        info.Str("repositoryId").Should().Be("r-emulator");
        if (TestStore.OnPostgres)
        {
            info.Str("store").Should().MatchRegex(@"^PostgreSQL database 'lfrepo_test_[0-9a-f]+' on [^ ]+:\d+, content in a throwaway folder$");
        }
        else
        {
            info.Str("store").Should().Be("in memory (throwaway)");
        }
        info.Str("version").Should().NotBeNullOrEmpty();
        DateTimeOffset.Parse(info.Str("now")).Should().Be(new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero));
        DateTimeOffset.Parse(info.Str("startedAt")).Should().BeOnOrBefore(DateTimeOffset.Parse(info.Str("now")));
    }

    [Fact]
    public async Task Without_a_token_the_control_plane_is_401()
    {
        await using var app = new LfRepoApp();

        var response = await app.CreateClient().PostAsync(ControlPlane.Root + "/reset", null);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "Access token is invalid or expired.");
    }

    [Fact]
    public async Task A_user_who_is_not_an_administrator_gets_403()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        await admin.PostAsJsonAsync(ControlPlane.Root + "/users", new { name = "clerk", password = "pw", groups = new[] { "Users" } });
        var clerk = app.CreateClient();
        clerk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LfRepoApp.RequestTokenAsync(clerk, "clerk", "pw"));

        var response = await clerk.GetAsync(ControlPlane.Root);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        problem["errorCode"]!.GetValue<int>().Should().Be(9705);
        (await clerk.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task No_control_plane_turns_every_route_off()
    {
        await using var app = new LfRepoApp(("LfRepo:ControlPlane:Disabled", "true"));
        var client = await app.CreateSignedInClientAsync();

        await (await client.GetAsync(ControlPlane.Root)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Resource not found.");
        await (await client.PostAsync(ControlPlane.Root + "/reset", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_control_plane_has_no_path_base()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.GetAsync(LfRepoApp.Base + ControlPlane.Root)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_control_plane_has_its_own_swagger_document()
    {
        await using var app = new LfRepoApp();
        var client = app.CreateClient();

        var document = await client.GetJsonAsync("/swagger/_emulator/swagger.json");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.Should().Contain(["/_emulator", "/_emulator/reset", "/_emulator/snapshots/{name}", "/_emulator/clock", "/_emulator/requests", "/_emulator/faults", "/_emulator/limits", "/_emulator/tasks/mode"]);
        paths.Should().OnlyContain(p => p.StartsWith("/_emulator"));
        (await client.GetStringAsync("/swagger/index.js")).Should().Contain("/swagger/_emulator/swagger.json");
        var v2 = await client.GetJsonAsync("/swagger/v2/swagger.json");
        v2["paths"]!.AsObject().Select(p => p.Key).Should().NotContain(p => p.StartsWith("/_emulator"));
    }

    [Fact]
    public async Task Bad_input_is_400_saying_what_was_wrong()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var reset = await (await client.PostAsync(ControlPlane.Root + "/reset?seed=full", null)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        reset.Str("detail").Should().Contain("'seed'");
        var clock = await (await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        clock.Str("detail").Should().Contain("advanceSeconds");
        var limits = await (await client.PutAsJsonAsync(ControlPlane.Root + "/limits", new { profile = "onprem" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        limits.Str("detail").Should().Contain("'none' or 'cloud'");
    }
}
