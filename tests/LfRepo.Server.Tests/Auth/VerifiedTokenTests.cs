using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using LfRepo.Server.Auth;
using LfRepo.Server.Security;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Auth;

[Trait("Engine", "Both")]
public sealed class VerifiedTokenTests
{
    private static ClaimsPrincipal Someone(string name) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "Bearer"));

    [Fact]
    public async Task A_checked_token_is_kept_until_it_expires_or_the_directory_changes()
    {
        await using var app = new LfRepoApp();
        var directory = app.Services.GetRequiredService<UserDirectory>();
        var cache = new VerifiedTokens(app.Clock, directory);
        var principal = Someone("admin");

        cache.Add("t1", app.Clock.GetUtcNow().AddSeconds(60), principal, directory.Version);
        cache.Find("t1").Should().BeSameAs(principal);
        cache.Find("t2").Should().BeNull();

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        cache.Find("t1").Should().BeNull("the token expired");

        cache.Add("t3", app.Clock.GetUtcNow().AddSeconds(60), principal, directory.Version);
        cache.Find("t3").Should().BeSameAs(principal);
        await directory.CreateUserAsync(new NewUser("someone", "someone"), CancellationToken.None);
        cache.Find("t3").Should().BeNull("a directory reload makes every earlier check stale");
    }

    [Fact]
    public async Task A_check_that_began_before_a_directory_change_is_not_kept()
    {
        await using var app = new LfRepoApp();
        var directory = app.Services.GetRequiredService<UserDirectory>();
        var cache = new VerifiedTokens(app.Clock, directory);
        var before = directory.Version;

        await directory.CreateUserAsync(new NewUser("someone", "someone"), CancellationToken.None);
        cache.Add("t1", app.Clock.GetUtcNow().AddSeconds(60), Someone("someone"), before);

        cache.Find("t1").Should().BeNull();
    }

    [Fact]
    public async Task The_same_token_keeps_working_over_many_requests_and_another_token_is_checked_on_its_own()
    {
        await using var app = new LfRepoApp();
        var client = app.CreateClient();
        var token = await LfRepoApp.RequestTokenAsync(client, "admin", "admin");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // The same payload with a signature of another token is refused although the real token is cached.
        var other = await LfRepoApp.RequestTokenAsync(client, "admin", "admin");
        var forged = token.Split('.')[0] + "." + other.Split('.')[1];
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_user_who_loses_the_administrator_privilege_loses_it_at_the_next_request()
    {
        await using var app = new LfRepoApp();
        var directory = app.Services.GetRequiredService<UserDirectory>();
        var access = app.Services.GetRequiredService<EntryAccess>();
        await directory.CreateUserAsync(new NewUser("boss", "boss", IsAdministrator: true), CancellationToken.None);
        access.Principal("boss").IsAdministrator.Should().BeTrue();
        access.Principal("boss").Should().BeSameAs(access.Principal("boss"), "the principal is kept while the directory is unchanged");

        await directory.CreateUserAsync(new NewUser("boss", "boss", IsAdministrator: false), CancellationToken.None);

        access.Principal("boss").IsAdministrator.Should().BeFalse();
    }
}
