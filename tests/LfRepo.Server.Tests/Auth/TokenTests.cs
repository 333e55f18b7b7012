using System.Net;
using System.Net.Http.Headers;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Auth;

namespace LfRepo.Server.Tests.Auth;

[Trait("Engine", "Both")]
public sealed class TokenTests
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    [Fact]
    public async Task Password_grant_returns_a_bearer_token_with_its_lifetime()
    {
        await using var app = new LfRepoApp();
        var client = app.CreateClient();

        var response = await client.PostAsync($"{LfRepoApp.Base}/v1/Repositories/r-emulator/Token",
            Form(("grant_type", "password"), ("username", "admin"), ("password", "admin")));

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        body["access_token"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        body["token_type"]!.GetValue<string>().Should().Be("bearer");
        body["expires_in"]!.GetValue<int>().Should().Be(900);
    }

    [Fact]
    public async Task Each_call_returns_a_new_token()
    {
        await using var app = new LfRepoApp();
        var client = app.CreateClient();

        var first = await LfRepoApp.RequestTokenAsync(client, "admin", "admin");
        var second = await LfRepoApp.RequestTokenAsync(client, "admin", "admin");

        second.Should().NotBe(first);
    }

    [Theory]
    [InlineData("admin", "wrong")]
    [InlineData("nobody", "admin")]
    public async Task Wrong_user_or_password_is_401(string user, string password)
    {
        await using var app = new LfRepoApp();
        var response = await app.CreateClient().PostAsync($"{LfRepoApp.Base}/v1/Repositories/r-emulator/Token",
            Form(("grant_type", "password"), ("username", user), ("password", password)));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "Invalid username or password.");
    }

    [Fact]
    public async Task Unknown_repository_is_404()
    {
        await using var app = new LfRepoApp();
        var response = await app.CreateClient().PostAsync($"{LfRepoApp.Base}/v1/Repositories/r-nope/Token",
            Form(("grant_type", "password"), ("username", "admin"), ("password", "admin")));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "Repository not found.");
    }

    [Fact]
    public async Task Other_grant_types_and_missing_fields_are_400()
    {
        await using var app = new LfRepoApp();
        var client = app.CreateClient();

        var clientCredentials = await client.PostAsync($"{LfRepoApp.Base}/v1/Repositories/r-emulator/Token",
            Form(("grant_type", "client_credentials"), ("username", "admin"), ("password", "admin")));
        var noUser = await client.PostAsync($"{LfRepoApp.Base}/v1/Repositories/r-emulator/Token",
            Form(("grant_type", "password"), ("password", "admin")));

        (await clientCredentials.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().Should().Contain("client_credentials");
        (await noUser.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().Should().Contain("username");
    }

    [Fact]
    public async Task A_json_body_is_refused_with_400()
    {
        await using var app = new LfRepoApp();
        var response = await app.CreateClient().PostJsonAsync($"{LfRepoApp.Base}/v1/Repositories/r-emulator/Token",
            new { grant_type = "password", username = "admin", password = "admin" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("x-www-form-urlencoded");
    }

    [Fact]
    public async Task Calls_without_invalid_or_expired_tokens_are_401()
    {
        await using var app = new LfRepoApp();
        var client = app.CreateClient();
        var url = $"{LfRepoApp.V2}/Entries/1";

        (await (await client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().Should().Contain("Authorization");

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        await (await client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var token = await LfRepoApp.RequestTokenAsync(client, "admin", "admin");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await client.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromSeconds(901));
        (await (await client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().Should().Contain("expired");
    }

    [Fact]
    public async Task Token_lifetime_is_configurable()
    {
        await using var app = new LfRepoApp(("LfRepo:TokenLifetimeSeconds", "60"));
        var response = await app.CreateClient().PostAsync($"{LfRepoApp.Base}/v1/Repositories/r-emulator/Token",
            Form(("grant_type", "password"), ("username", "admin"), ("password", "admin")));

        (await response.ShouldBeJsonAsync(HttpStatusCode.OK))["expires_in"]!.GetValue<int>().Should().Be(60);
    }

    [Fact]
    public async Task Admin_password_is_configurable_and_stored_hashed()
    {
        await using var app = new LfRepoApp(("LfRepo:AdminPassword", "s3cret"));
        var client = app.CreateClient();

        (await client.PostAsync($"{LfRepoApp.Base}/v1/Repositories/r-emulator/Token",
            Form(("grant_type", "password"), ("username", "admin"), ("password", "admin")))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await LfRepoApp.RequestTokenAsync(client, "admin", "s3cret")).Should().NotBeNullOrEmpty();

        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<LfRepo.Server.Storage.LfRepoDbContext>(scope.ServiceProvider);
        db.Set<UserRecord>().Single(u => u.UserName == "admin").PasswordHash.Should().NotContain("s3cret").And.NotBeNullOrEmpty();
    }
}
