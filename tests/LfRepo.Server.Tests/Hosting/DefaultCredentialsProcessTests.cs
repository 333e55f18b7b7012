using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LfRepo.Server.Tests.Hosting;

/// <summary>
/// The built server process, started for real: with the default password and an address beyond loopback configured
/// (HTTP_PORTS, which the explicit loopback --urls overrides when it does start) it exits before it listens.
/// </summary>
[Trait("Engine", "Both")]
public sealed class DefaultCredentialsProcessTests
{
    [Fact]
    public async Task The_server_exits_with_one_line_when_it_would_listen_beyond_loopback_with_the_default_password()
    {
        var (port, exposedPort) = (FreePort(), FreePort());
        using var server = new ServerProcess(port, exposedPort, allowDefaultCredentials: false);

        (await server.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().BeTrue("the server must refuse to start");

        server.ExitCode.Should().Be(2);
        var message = server.ErrorLines.Should().ContainSingle().Subject;
        message.Should().Be($"LfRepo will not start: it would listen on http://*:{exposedPort} with the default password of 'admin'. " +
            "Set LfRepo__AdminPassword, listen on a loopback address (--urls http://127.0.0.1:5000), or pass --allow-default-credentials.");
        IsListening(port).Should().BeFalse();
    }

    [Fact]
    public async Task Allow_default_credentials_lets_it_start_with_a_warning()
    {
        var (port, exposedPort) = (FreePort(), FreePort());
        using var server = new ServerProcess(port, exposedPort, allowDefaultCredentials: true);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var status = await server.WaitForHealthAsync(http, TimeSpan.FromSeconds(90));

        status.Should().Be(HttpStatusCode.OK, "the server started; its output: {0}", string.Join('\n', server.OutputLines.Concat(server.ErrorLines)));
        server.OutputLines.Should().Contain($"LfRepo warning: listening on http://*:{exposedPort} with the default password of 'admin' (--allow-default-credentials).");
        IsListening(exposedPort).Should().BeFalse("the loopback --urls is what it binds");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The server's built dll beside this test assembly's build (same configuration), run with dotnet.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _output = new();
        private readonly ConcurrentQueue<string> _errors = new();
        private readonly int _port;

        public ServerProcess(int port, int exposedPort, bool allowDefaultCredentials)
        {
            _port = port;
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(ServerDll());
            foreach (var arg in new[] { "--urls", $"http://127.0.0.1:{port}", "--in-memory", "--seed", "empty" })
            {
                start.ArgumentList.Add(arg);
            }
            if (allowDefaultCredentials)
            {
                start.ArgumentList.Add("--allow-default-credentials");
            }
            start.Environment["ASPNETCORE_HTTP_PORTS"] = exposedPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment.Remove("LfRepo__AdminPassword");
            start.Environment.Remove("ASPNETCORE_URLS");
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => Add(_output, e.Data);
            _process.ErrorDataReceived += (_, e) => Add(_errors, e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int ExitCode => _process.ExitCode;

        public IReadOnlyList<string> OutputLines => [.. _output];

        public IReadOnlyList<string> ErrorLines => [.. _errors];

        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public async Task<HttpStatusCode?> WaitForHealthAsync(HttpClient http, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{_port}/health");
                    return response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
                catch (TaskCanceledException)
                {
                    await Task.Delay(200);
                }
            }
            return null;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            _process.Dispose();
        }

        private static void Add(ConcurrentQueue<string> lines, string? line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Enqueue(line);
            }
        }

        private static string ServerDll()
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = output.Name;
            var configuration = output.Parent!.Name;
            var root = output;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "LfRepo.sln")))
            {
                root = root.Parent;
            }
            root.Should().NotBeNull("the tests run from the repository's build output");
            var dll = Path.Combine(root!.FullName, "src", "LfRepo.Server", "bin", configuration, framework, "LfRepo.Server.dll");
            File.Exists(dll).Should().BeTrue("the server is built before its tests ({0})", dll);
            return dll;
        }
    }
}
