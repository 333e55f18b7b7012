using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LfRepo.Server.Tests.Hosting;

[Trait("Engine", "Both")]
public sealed class RequestLogTests
{
    private static (LfRepoApp App, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Logged, LogCapture Log) Start()
    {
        var app = new LfRepoApp();
        var log = new LogCapture();
        var logged = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware", "Information");
            b.UseSetting("Serilog:MinimumLevel:Override:LfRepo", "Information");
            b.ConfigureLogging(l => l.AddProvider(log));
        });
        return (app, logged, log);
    }

    [Fact]
    public async Task Every_request_is_one_line_with_its_status_time_and_for_errors_the_problem_title()
    {
        var (app, logged, log) = Start();
        await using var _ = app;
        await using var __ = logged;
        var client = logged.CreateClient();
        var token = await LfRepoApp.RequestTokenAsync(client, "admin", "admin");
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        (await client.GetAsync($"{LfRepoApp.V2}/Entries/424242?$select=name")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/Nowhere/v2/Repositories")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/1")).StatusCode.Should().Be(HttpStatusCode.OK);

        var requests = log.Lines("Serilog.AspNetCore.RequestLoggingMiddleware");
        requests.Should().HaveCount(4, "one line per request, not one per request and response part");
        requests.Single(l => l.Contains("/Entries/424242", StringComparison.Ordinal)).Should()
            .MatchRegex(@"^HTTP GET /LFRepositoryAPI/v2/Repositories/r-emulator/Entries/424242\?\$select=name responded 404 in \d+\.\d ms: Entry not found\.?$");
        requests.Single(l => l.Contains("/Nowhere", StringComparison.Ordinal)).Should().MatchRegex(@"responded 404 in \d+\.\d ms: .+");
        requests.Single(l => l.Contains("/Token", StringComparison.Ordinal)).Should().MatchRegex(@"^HTTP POST \S+/Token responded 200 in \d+\.\d ms$");
        requests.Single(l => l.EndsWith("/Entries/1", StringComparison.Ordinal) || l.Contains("/Entries/1 ", StringComparison.Ordinal)).Should().NotContain(":", "a success names no problem");
    }

    [Fact]
    public async Task A_task_logs_a_line_when_it_starts_and_one_when_it_ends()
    {
        var (app, logged, log) = Start();
        await using var _ = app;
        await using var __ = logged;
        var client = logged.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await LfRepoApp.RequestTokenAsync(client, "admin", "admin"));

        var started = await client.PostAsync($"{LfRepoApp.V2}/Tasks/StartTestTaskAsync?operationTime=10&hasError=true", null);
        var taskId = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["taskId"]!.GetValue<string>();
        (await client.WaitForTaskAsync(taskId)).Str("status").Should().Be("Failed");

        var lines = log.Lines("LfRepo.Server.Tasks.TaskWorker").Where(l => l.Contains(taskId, StringComparison.Ordinal)).ToList();
        lines.Should().HaveCount(2);
        lines[0].Should().StartWith($"Task {taskId} (Test) started; operationId ");
        lines[1].Should().MatchRegex($@"^Task {taskId} \(Test\) ended Failed in \d+\.\d ms: .+");
    }

    /// <summary>The events forwarded to the host's logging providers, rendered.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, string Line)> _lines = new();

        public List<string> Lines(string category) => [.. _lines.Where(l => l.Category == category).Select(l => l.Line)];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, string)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((category, formatter(state, exception)));
        }
    }
}
