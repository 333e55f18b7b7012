using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Hosting;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace LfRepo.Server.Tests.Hosting;

[Trait("Engine", "Both")]
public sealed class ExposureTests
{
    [Fact]
    public async Task Every_response_carries_the_security_headers_and_no_Server_header()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        foreach (var response in new[] { await client.GetAsync($"{LfRepoApp.V2}/Entries/1"), await client.GetAsync($"{LfRepoApp.V2}/Entries/4242"), await app.CreateClient().GetAsync("/health") })
        {
            response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
            response.Headers.Contains("Server").Should().BeFalse();
        }
    }

    [Fact]
    public async Task CORS_is_off_by_default()
    {
        await using var app = new LfRepoApp();
        var preflight = new HttpRequestMessage(HttpMethod.Options, $"{LfRepoApp.V2}/Entries/1");
        preflight.Headers.Add("Origin", "http://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");

        var response = await app.CreateClient().SendAsync(preflight);

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task CORS_answers_the_configured_origins()
    {
        await using var app = new LfRepoApp(("LfRepo:CorsOrigins", "http://app.example, http://other.example"));
        var client = await app.CreateSignedInClientAsync();
        var preflight = new HttpRequestMessage(HttpMethod.Options, $"{LfRepoApp.V2}/Entries/1");
        preflight.Headers.Add("Origin", "http://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        var get = new HttpRequestMessage(HttpMethod.Get, $"{LfRepoApp.V2}/Entries/1");
        get.Headers.Add("Origin", "http://app.example");
        var stranger = new HttpRequestMessage(HttpMethod.Get, $"{LfRepoApp.V2}/Entries/1");
        stranger.Headers.Add("Origin", "http://evil.example");

        var allowed = await app.CreateClient().SendAsync(preflight);
        var actual = await client.SendAsync(get);
        var refused = await client.SendAsync(stranger);

        allowed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://app.example");
        actual.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://app.example");
        actual.Headers.GetValues("Access-Control-Expose-Headers").Single().Should().Contain("X-APIServer-Error");
        refused.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task Absolute_links_use_the_public_base_url_not_the_request_host()
    {
        await using var app = new LfRepoApp(("LfRepo:PublicBaseUrl", "https://repo.example.com/"));
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFoldersAsync(1, 3);
        var request = new HttpRequestMessage(HttpMethod.Post, $"{LfRepoApp.V2}/Entries/1/Folder/Children") { Content = JsonContent.Create(new { name = "Made", entryType = "Folder" }) };
        request.Headers.Host = "127.0.0.1:5000";

        var created = await client.SendAsync(request);
        var listing = new HttpRequestMessage(HttpMethod.Get, $"{LfRepoApp.V2}/Entries/1/Folder/Children");
        listing.Headers.Add("Prefer", "maxpagesize=1");
        var page = await (await client.SendAsync(listing)).ShouldBeJsonAsync(HttpStatusCode.OK);

        created.Headers.Location!.ToString().Should().StartWith("https://repo.example.com/LFRepositoryAPI/v2/");
        page["@odata.nextLink"]!.GetValue<string>().Should().StartWith("https://repo.example.com/LFRepositoryAPI/v2/");
    }

    [Fact]
    public async Task The_web_client_url_uses_the_public_base_url_in_v1_and_v2()
    {
        await using var app = new LfRepoApp(("LfRepo:PublicBaseUrl", "https://repo.example.com/"));
        var v2 = new HttpRequestMessage(HttpMethod.Get, $"{LfRepoApp.Base}/v2/Repositories");
        v2.Headers.Host = "127.0.0.1:5000";
        var v1 = new HttpRequestMessage(HttpMethod.Get, $"{LfRepoApp.Base}/v1/Repositories");
        v1.Headers.Host = "127.0.0.1:5000";

        var listed = await (await app.CreateClient().SendAsync(v2)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var v1Response = await app.CreateClient().SendAsync(v1);
        v1Response.StatusCode.Should().Be(HttpStatusCode.OK);
        var classic = JsonNode.Parse(await v1Response.Content.ReadAsStringAsync())!.AsArray();

        listed["value"]![0]!["webClientUrl"]!.GetValue<string>().Should().Be("https://repo.example.com/laserfiche/index.aspx?db=r-emulator");
        classic[0]!["webclientUrl"]!.GetValue<string>().Should().Be("https://repo.example.com/laserfiche/index.aspx?db=r-emulator");
    }

    [Fact]
    public async Task Without_a_public_base_url_the_web_client_url_uses_the_allowed_request_host_and_others_are_refused()
    {
        await using var app = new LfRepoApp();
        var allowed = new HttpRequestMessage(HttpMethod.Get, $"{LfRepoApp.Base}/v2/Repositories");
        allowed.Headers.Host = "127.0.0.1:5000";
        var stranger = new HttpRequestMessage(HttpMethod.Get, $"{LfRepoApp.Base}/v2/Repositories");
        stranger.Headers.Host = "attacker.example";

        var listed = await (await app.CreateClient().SendAsync(allowed)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var refused = await app.CreateClient().SendAsync(stranger);

        listed["value"]![0]!["webClientUrl"]!.GetValue<string>().Should().Be("http://127.0.0.1:5000/laserfiche/index.aspx?db=r-emulator");
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Hosts_outside_AllowedHosts_are_refused()
    {
        await using var app = new LfRepoApp();
        var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = "attacker.example";

        var response = await app.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://192.168.1.4:5000", false)]
    public void Loopback_addresses_are_told_apart(string url, bool loopback) =>
        ExposureExtensions.IsLoopback(url).Should().Be(loopback);

    [Fact]
    public void Non_loopback_addresses_come_from_urls_ports_and_Kestrel_endpoints()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:5000;http://0.0.0.0:8080",
            ["http_ports"] = "9090",
            ["Kestrel:Endpoints:Public:Url"] = "https://example.com:443",
        }).Build();

        ExposureExtensions.NonLoopbackAddresses(configuration).Should().BeEquivalentTo("http://0.0.0.0:8080", "http://*:9090", "https://example.com:443");
        ExposureExtensions.NonLoopbackAddresses(new ConfigurationBuilder().Build()).Should().BeEmpty();
    }
}
