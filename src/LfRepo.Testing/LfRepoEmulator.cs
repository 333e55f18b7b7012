using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Testing;

/// <summary>What the emulator starts with.</summary>
public sealed class LfRepoEmulatorOptions
{
    public string RepositoryId { get; set; } = "r-emulator";

    /// <summary>The administrator's password (the user is <c>admin</c>).</summary>
    public string AdminPassword { get; set; } = "admin";

    /// <summary>A seed file, <c>"empty"</c> for nothing but the root folder, or null for the built-in sample repository.</summary>
    public string? Seed { get; set; }

    /// <summary>Write the server's log lines (warnings and errors) to the console.</summary>
    public bool ShowLog { get; set; }

    /// <summary>Any other setting, by configuration key (<c>["LfRepo:TokenLifetimeSeconds"] = "60"</c>).</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The LfRepo emulator, started in this process on a free loopback port with a throwaway store:
/// <c>await using var lf = await LfRepoEmulator.StartAsync(o => o.Seed = "empty");</c>. Several may run at once.
/// </summary>
public sealed class LfRepoEmulator : IAsyncDisposable
{
    private readonly Factory _factory;

    private LfRepoEmulator(Factory factory, Uri address, LfRepoEmulatorOptions options)
    {
        _factory = factory;
        Address = address;
        RepositoryId = options.RepositoryId;
        Password = options.AdminPassword;
    }

    /// <summary>Scheme, host and port: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    /// <summary>What the Laserfiche clients take as their base URL: <c>http://127.0.0.1:PORT/LFRepositoryAPI</c>.</summary>
    public string BaseUrl => new Uri(Address, "LFRepositoryAPI").ToString();

    public string RepositoryId { get; }

    public string UserName => "admin";

    public string Password { get; }

    /// <summary>A client signed in as the administrator, its base address <see cref="BaseUrl"/> with a closing slash.</summary>
    public HttpClient Client { get; private set; } = null!;

    public static async Task<LfRepoEmulator> StartAsync(Action<LfRepoEmulatorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = new LfRepoEmulatorOptions();
        configure?.Invoke(options);
        // The server's content root: beside the test assembly, where the package puts the server.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_LFREPO_SERVER", AppContext.BaseDirectory);
        var factory = new Factory(options);
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await Task.Run(factory.StartServer, cancellationToken);
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var emulator = new LfRepoEmulator(factory, new Uri(address.TrimEnd('/') + "/"), options);
        emulator.Client = await emulator.CreateClientAsync(cancellationToken);
        return emulator;
    }

    /// <summary>A new client signed in as <paramref name="user"/> (the administrator unless named).</summary>
    public async Task<HttpClient> CreateClientAsync(CancellationToken cancellationToken = default, string? user = null, string? password = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        var token = await GetTokenAsync(user ?? UserName, password ?? Password, cancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An access token from the Token operation.</summary>
    public async Task<string> GetTokenAsync(string user, string password, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri($"{BaseUrl}/v1/Repositories/{RepositoryId}/Token"), new FormUrlEncodedContent(
            [new("grant_type", "password"), new("username", user), new("password", password)]), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Back to a fresh repository (the control plane's reset); <paramref name="empty"/>: nothing but the root.</summary>
    public Task ResetAsync(bool empty = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "_emulator/reset" + (empty ? "?seed=empty" : ""), cancellationToken);

    /// <summary>Saves the repository as it is under <paramref name="name"/>.</summary>
    public Task SaveSnapshotAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "_emulator/snapshots/" + Uri.EscapeDataString(name), cancellationToken);

    /// <summary>Puts the repository back as it was when the snapshot was saved.</summary>
    public Task RestoreSnapshotAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "_emulator/snapshots/" + Uri.EscapeDataString(name) + "/restore", cancellationToken);

    private async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Address, path));
        request.Headers.Authorization = Client.DefaultRequestHeaders.Authorization;
        using var response = await Client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} /{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await _factory.DisposeAsync();
    }

    private sealed class Factory(LfRepoEmulatorOptions options) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("LfRepo:InMemory", "true");
            builder.UseSetting("LfRepo:RepositoryId", options.RepositoryId);
            builder.UseSetting("LfRepo:AdminPassword", options.AdminPassword);
            builder.UseSetting("LfRepo:Seed", options.Seed ?? "");
            if (!options.ShowLog)
            {
                builder.UseSetting("Serilog:MinimumLevel:Default", "Error");
                builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime", "Error");
                builder.UseSetting("Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware", "Error");
            }
            else
            {
                builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            }
            foreach (var (key, value) in options.Settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
