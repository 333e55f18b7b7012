using System.Net;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Entries;

[Trait("Engine", "Both")]
public sealed class RepositoriesTests
{
    [Fact]
    public async Task Lists_the_repository_without_a_token()
    {
        await using var app = new LfRepoApp();
        var body = await (await app.CreateClient().GetAsync($"{LfRepoApp.Base}/v2/Repositories")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var repository = body["value"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        repository["id"]!.GetValue<string>().Should().Be("r-emulator");
        repository["name"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        repository["webClientUrl"]!.GetValue<string>().Should().Contain("r-emulator");
    }

    [Fact]
    public async Task Lists_the_repository_with_a_token_and_under_the_cloud_path_base()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await client.GetAsync("/repository/v2/Repositories")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"{LfRepoApp.Base}/v2/Repositories")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_repository_is_404()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        await (await client.GetAsync($"{LfRepoApp.Base}/v2/Repositories/r-other/Entries/1")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Repository not found.");
    }

    [Fact]
    public async Task Health_answers_without_a_token()
    {
        await using var app = new LfRepoApp();
        (await app.CreateClient().GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
