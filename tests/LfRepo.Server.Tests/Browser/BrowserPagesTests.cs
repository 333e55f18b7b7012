using System.Net;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Browser;

/// <summary>The repository browser's files at / and /app/…, served without a token; the API paths keep their 401.</summary>
[Trait("Engine", "Both")]
public sealed class BrowserPagesTests
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/app/app.js", "text/javascript")]
    [InlineData("/app/style.css", "text/css")]
    public async Task The_browser_files_are_served_without_a_token(string path, string contentType)
    {
        await using var app = new LfRepoApp();
        var client = app.Server.CreateClient();

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(contentType);
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'self'").And.Contain("frame-ancestors 'none'");
        (await response.Content.ReadAsStringAsync()).Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_page_loads_its_module_and_the_module_calls_the_public_api()
    {
        await using var app = new LfRepoApp();
        var client = app.Server.CreateClient();

        (await client.GetStringAsync("/")).Should().Contain("<script type=\"module\" src=\"/app/app.js\">");
        (await client.GetStringAsync("/app/api.js")).Should().Contain("/LFRepositoryAPI").And.Contain("/Token");
    }

    [Fact]
    public async Task A_second_request_with_the_etag_is_answered_304()
    {
        await using var app = new LfRepoApp();
        var client = app.Server.CreateClient();
        var first = await client.GetAsync("/app/app.js");

        using var again = new HttpRequestMessage(HttpMethod.Get, "/app/app.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);
        var second = await client.SendAsync(again);

        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("/app/missing.js")]
    [InlineData("/LFRepositoryAPI/")]
    [InlineData("/LFRepositoryAPI/v2/Repositories/r-emulator/Entries/1")]
    public async Task Other_paths_keep_their_behaviour_and_still_ask_for_a_token(string path)
    {
        await using var app = new LfRepoApp();
        var client = app.Server.CreateClient();

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
