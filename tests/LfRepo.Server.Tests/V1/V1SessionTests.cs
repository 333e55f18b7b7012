using System.Net;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.V1;

/// <summary>GetAuditReasons and the deprecated ServerSession operations.</summary>
[Trait("Engine", "Both")]
public sealed class V1SessionTests
{
    private const string V1 = V1EntriesTests.V1;

    [Fact]
    public async Task GetAuditReasons_groups_the_catalogue_by_event()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var v2 = await (await client.GetAsync($"{LfRepoApp.V2}/AuditReasons")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var reasons = await (await client.GetAsync($"{V1}/AuditReasons")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var all = reasons["deleteEntry"]!.AsArray().Concat(reasons["exportDocument"]!.AsArray()).Select(r => r!["id"]!.GetValue<int>());
        all.Should().BeEquivalentTo(v2["value"]!.AsArray().Select(r => r!["id"]!.GetValue<int>()));
        reasons["deleteEntry"]!.AsArray().Should().NotBeEmpty();
    }

    [Fact]
    public async Task ServerSession_operations_answer_as_documented_and_leave_the_token_valid()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var created = await (await client.PostAsync($"{V1}/ServerSession/Create", null)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var refreshed = await (await client.PostAsync($"{V1}/ServerSession/Refresh", null)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var invalidated = await (await client.PostAsync($"{V1}/ServerSession/Invalidate", null)).ShouldBeJsonAsync(HttpStatusCode.OK);

        created["value"]!.GetValue<bool>().Should().BeTrue();
        refreshed["value"]!.GetValue<DateTime>().Should().Be(app.Clock.GetUtcNow().UtcDateTime.AddHours(1));
        invalidated["value"]!.GetValue<bool>().Should().BeTrue();
        (await client.GetAsync($"{V1}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ServerSession_needs_a_token_and_the_right_repository()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await app.CreateClient().PostAsync($"{V1}/ServerSession/Create", null)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostAsync($"{LfRepoApp.Base}/v1/Repositories/nope/ServerSession/Refresh", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Repository not found.");
    }
}
