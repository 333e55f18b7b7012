using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace LfRepo.Server.Tests.Hosting;

/// <summary>The server as a process, the way a user starts it: start-up errors and the JSON log format.</summary>
[Trait("Engine", "Both")]
public sealed class StartupTests
{
    private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "LfRepo.Server.dll");

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_on_stderr_and_exit_code_1()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        using var server = Start("--urls", $"http://127.0.0.1:{port}", "--in-memory");
        var stderr = server.StandardError.ReadToEndAsync();
        var stdout = server.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server.WaitForExitAsync(timeout.Token);

        server.ExitCode.Should().Be(1);
        var error = (await stderr).Trim();
        error.Should().StartWith("LfRepo could not start: ").And.Contain($"127.0.0.1:{port}").And.Contain("--urls").And.NotContain("\n");
        (await stdout).Should().NotContain("   at ", "no stack trace");
    }

    [Fact]
    public async Task Log_format_json_writes_compact_JSON_events_and_the_banner_names_the_version()
    {
        var port = FreePort();
        using var server = Start("--urls", $"http://127.0.0.1:{port}", "--in-memory", "--log-format", "json");
        try
        {
            var lines = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (line.Contains("ready", StringComparison.Ordinal))
                {
                    break;
                }
            }
            using var http = new HttpClient();
            (await http.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode.Should().Be(HttpStatusCode.OK);
            var request = await server.StandardOutput.ReadLineAsync(timeout.Token);

            lines.Should().NotBeEmpty();
            foreach (var line in lines.Append(request!))
            {
                var json = JsonNode.Parse(line)!.AsObject();
                json.ContainsKey("@t").Should().BeTrue(line);
                json.ContainsKey("@mt").Should().BeTrue(line);
            }
            JsonNode.Parse(lines[^1])!["Banner"]!.GetValue<string>().Should().StartWith($"LfRepo {Server.Hosting.CommandLine.Version} ready: ");
            var logged = JsonNode.Parse(request!)!;
            logged["RequestPath"]!.GetValue<string>().Should().Be("/health");
            logged["StatusCode"]!.GetValue<int>().Should().Be(200);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }
}
