using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Emulator;
using LfRepo.Server.Security;
using LfRepo.Server.Tests.Contract;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LfRepo.Server.Tests.Infrastructure;

/// <summary>
/// A server on a fresh throwaway store, driven over HTTP. Settings can be overridden per test
/// (<c>new LfRepoApp(("LfRepo:TokenLifetimeSeconds", "5"))</c>) and the clock replaced. The store starts with the
/// built-in definitions and an empty root (<c>--seed empty</c>); a test of the sample repository asks for it with
/// <see cref="SampleSeed"/>.
/// </summary>
public sealed class LfRepoApp : WebApplicationFactory<Program>
{
    public const string RepositoryId = "r-emulator";
    public const string Base = "/LFRepositoryAPI";
    public const string V2 = Base + "/v2/Repositories/" + RepositoryId;

    /// <summary>The setting that starts the test server on the built-in sample repository, as a fresh <c>dotnet run</c> does.</summary>
    public static readonly (string, string) SampleSeed = ("LfRepo:Seed", "");

    private readonly (string Key, string Value)[] _settings;

    public LfRepoApp(params (string Key, string Value)[] settings)
    {
        _settings = settings;
    }

    public FakeClock Clock { get; } = new();

    /// <summary>Set to use a folder store instead of the throwaway one (restart tests).</summary>
    public string? DataDir { get; init; }

    /// <summary>
    /// The PostgreSQL database of this app when the suite runs on PostgreSQL (<see cref="TestStore.OnPostgres"/>):
    /// each app gets a fresh database, dropped when the app is disposed; an app on a <see cref="DataDir"/> gets that
    /// folder's database (<see cref="TestStore.DatabaseOf"/>), so a restart finds what the previous server wrote.
    /// </summary>
    private string? _database;

    /// <summary>
    /// A second server process on the store of another app (cross-process tests): the same data folder, and on
    /// PostgreSQL the same database, which the other app owns and drops. Build the other app's host first.
    /// </summary>
    public LfRepoApp? SharesStoreWith { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var dataDir = DataDir ?? SharesStoreWith?.DataDir;
        builder.UseSetting("LfRepo:InMemory", dataDir is null ? "true" : "false");
        builder.UseSetting("LfRepo:Seed", "empty");
        if (TestStore.OnPostgres)
        {
            _database ??= SharesStoreWith is { } other
                ? other._database ?? throw new InvalidOperationException("Build the host of the app whose store is shared first.")
                : dataDir is not null ? TestStore.DatabaseOf(dataDir) : TestStore.CreateDatabase();
            builder.UseSetting("LfRepo:Store:Provider", "postgres");
            builder.UseSetting("LfRepo:Store:ConnectionString", TestStore.ConnectionString(_database));
        }
        if (dataDir is not null)
        {
            builder.UseSetting("LfRepo:DataDir", dataDir);
        }
        // Request logs would drown the test output; errors still show.
        builder.UseSetting("Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware", "Warning");
        builder.UseSetting("Serilog:MinimumLevel:Override:LfRepo", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            // The control plane's clock moves on top of the test's clock.
            var clock = new EmulatorClock(Clock);
            services.RemoveAll<TimeProvider>();
            services.RemoveAll<EmulatorClock>();
            services.AddSingleton(clock);
            services.AddSingleton<TimeProvider>(clock);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _database is not null && SharesStoreWith is null && DataDir is null)
        {
            TestStore.DropDatabase(_database);
            _database = null;
        }
    }

    /// <summary>A client whose every JSON response is checked against the Laserfiche spec.</summary>
    public new HttpClient CreateClient() => CreateDefaultClient(new Uri("http://localhost"), new ContractCheckingHandler());

    /// <summary>A client that already holds a bearer token for admin, or for the user named.</summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string user = "admin", string? password = null)
    {
        var client = CreateClient();
        var token = await RequestTokenAsync(client, user, password ?? user);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Makes sure a user exists, for tests of per-user behaviour: the seeded <c>user1</c> is there already; any other
    /// user joins the directory in the seeded <c>Users</c> group, which may browse and change what the root holds.
    /// </summary>
    public async Task AddUserAsync(string user, string password)
    {
        var directory = Services.GetRequiredService<UserDirectory>();
        if (directory.FindByName(user) is null)
        {
            await directory.CreateUserAsync(new NewUser(user, password, Groups: ["Users"]), CancellationToken.None);
        }
    }

    public static async Task<string> RequestTokenAsync(HttpClient client, string user, string password)
    {
        using var response = await client.PostAsync($"{Base}/v1/Repositories/{RepositoryId}/Token", new FormUrlEncodedContent(
        [
            new("grant_type", "password"),
            new("username", user),
            new("password", password),
        ]));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["access_token"]!.GetValue<string>();
    }
}

/// <summary>A clock tests move by hand.</summary>
public sealed class FakeClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>The store's integrity, checked after races and crashes.</summary>
public static class StoreIntegrityAssertions
{
    /// <summary>Asks <c>GET /health?deep=true</c> and fails with every defect it lists.</summary>
    public static async Task ShouldHaveASoundStoreAsync(this LfRepoApp app)
    {
        using var response = await app.CreateClient().GetAsync("/health?deep=true");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "the integrity check found: {0}", body);
        JsonNode.Parse(body)!["status"]!.GetValue<string>().Should().Be("Healthy");
    }
}
