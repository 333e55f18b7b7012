using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Search;

namespace LfRepo.Server.Tests.Emulator;

[Trait("Engine", "Both")]
public sealed class LimitsTests
{
    [Fact]
    public async Task The_cloud_profile_answers_the_101st_call_in_a_minute_with_429()
    {
        await using var app = new LfRepoApp(("LfRepo:Limits:Profile", "cloud"));
        var client = await app.CreateSignedInClientAsync();
        (await client.GetJsonAsync(ControlPlane.Root + "/limits")).Str("profile").Should().Be("cloud");

        for (var i = 0; i < 100; i++)
        {
            (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK, "call {0} is within the limit", i + 1);
        }
        var response = await client.GetAsync($"{LfRepoApp.V2}/Entries/1");

        await response.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.");
        response.Headers.RetryAfter!.Delta!.Value.Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
        (await client.GetAsync(ControlPlane.Root + "/limits")).StatusCode.Should().Be(HttpStatusCode.OK, "the control plane is not limited");
    }

    [Fact]
    public async Task The_none_profile_limits_nothing_and_the_profile_switches_at_run_time()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        (await client.GetJsonAsync(ControlPlane.Root + "/limits")).Str("profile").Should().Be("none");
        for (var i = 0; i < 110; i++)
        {
            (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var set = await (await client.PutAsJsonAsync(ControlPlane.Root + "/limits", new { profile = "cloud" })).ShouldBeJsonAsync(HttpStatusCode.OK);

        set.Str("profile").Should().Be("cloud");
    }

    [Fact]
    public async Task The_cloud_profile_allows_one_long_operation_at_a_time()
    {
        await using var app = new LfRepoApp(("LfRepo:Limits:Profile", "cloud"));
        var client = await app.CreateSignedInClientAsync();
        await client.PutAsJsonAsync(ControlPlane.Root + "/tasks/mode", new { mode = "manual" });
        var folder = await client.CreateFolderAsync(1, "Source");
        await client.StartCopyAsync(1, folder.Id(), "First");

        var second = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/CopyAsync", new { sourceId = folder.Id(), name = "Second" });

        await second.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.");
        second.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_cloud_profile_allows_30_imports_and_exports_a_minute()
    {
        await using var app = new LfRepoApp(("LfRepo:Limits:Profile", "cloud"));
        var client = await app.CreateSignedInClientAsync();

        for (var i = 0; i < 30; i++)
        {
            var export = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Export", new { part = "Edoc" });
            export.StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests);
        }
        var refused = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Export", new { part = "Edoc" });

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.");
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK, "other calls have their own limit");
    }

    [Fact]
    public async Task The_cloud_profile_allows_two_open_searches_until_one_is_closed()
    {
        await using var app = new LfRepoApp(("LfRepo:Limits:Profile", "cloud"));
        var client = await app.CreateSignedInClientAsync();
        var first = await client.StartSearchAsync("{LF:Name=\"*\"}");
        await client.StartSearchAsync("{LF:Name=\"*\"}");

        var third = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Searches/SearchAsync", new { searchCommand = "{LF:Name=\"*\"}" });
        (await third.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.")).Str("detail").Should().Contain("2 search(es) open");
        third.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));

        (await client.DeleteAsync($"{LfRepoApp.V2}/Tasks?taskIds={first}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await client.StartSearchAsync("{LF:Name=\"*\"}");
    }

    [Fact]
    public async Task The_cloud_call_window_follows_the_emulator_clock()
    {
        await using var app = new LfRepoApp(("LfRepo:Limits:Profile", "cloud"));
        var client = await app.CreateSignedInClientAsync();
        for (var i = 0; i < 100; i++)
        {
            (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK, "call {0} is within the limit", i + 1);
        }
        var full = await client.GetAsync($"{LfRepoApp.V2}/Entries/1");
        await full.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.");
        full.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(60), "the test clock stands still, so the whole window is left");

        (await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { advanceSeconds = 45 })).StatusCode.Should().Be(HttpStatusCode.OK);
        var later = await client.GetAsync($"{LfRepoApp.V2}/Entries/1");
        await later.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.");
        later.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(15));

        (await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { advanceSeconds = 15 })).StatusCode.Should().Be(HttpStatusCode.OK);
        for (var i = 0; i < 100; i++)
        {
            (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK, "call {0} of the next window is within the limit", i + 1);
        }
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.");
    }

    [Fact]
    public async Task The_cloud_transfer_window_follows_the_emulator_clock()
    {
        await using var app = new LfRepoApp(("LfRepo:Limits:Profile", "cloud"));
        var client = await app.CreateSignedInClientAsync();
        for (var i = 0; i < 30; i++)
        {
            (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Export", new { part = "Edoc" })).StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests);
        }
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Export", new { part = "Edoc" })).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.");

        (await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { advanceSeconds = 60 })).StatusCode.Should().Be(HttpStatusCode.OK);

        (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Export", new { part = "Edoc" })).StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Completed_searches_count_as_open_until_their_results_are_closed_or_expire()
    {
        await using var app = new LfRepoApp(("LfRepo:Limits:Profile", "cloud"));
        var client = await app.CreateSignedInClientAsync();
        // StartSearchAsync waits until each search has completed: no search task is running any more.
        var first = await client.StartSearchAsync("{LF:Name=\"*\"}");
        var second = await client.StartSearchAsync("{LF:Name=\"*\"}");
        (await client.GetTaskAsync(first)).Str("status").Should().Be("Completed");
        (await client.GetTaskAsync(second)).Str("status").Should().Be("Completed");
        (await client.GetAsync($"{LfRepoApp.V2}/Searches/{first}/Results")).StatusCode.Should().Be(HttpStatusCode.OK, "the results are still open");

        var third = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Searches/SearchAsync", new { searchCommand = "{LF:Name=\"*\"}" });
        (await third.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.")).Str("detail").Should().Contain("2 search(es) open");

        // Results of a finished search expire with its task (15 minutes): then they are no longer open.
        (await client.PostAsJsonAsync(ControlPlane.Root + "/clock", new { advanceSeconds = 16 * 60 })).StatusCode.Should().Be(HttpStatusCode.OK);
        client = await app.CreateSignedInClientAsync();
        await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{first}/Results")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await client.StartSearchAsync("{LF:Name=\"*\"}");
        await client.StartSearchAsync("{LF:Name=\"*\"}");
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Searches/SearchAsync", new { searchCommand = "{LF:Name=\"*\"}" }))
            .ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.");
    }
}
