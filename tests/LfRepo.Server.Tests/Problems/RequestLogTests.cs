using System.Collections.Concurrent;
using System.Net;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LfRepo.Server.Tests.Problems;

public sealed class RequestLogTests
{
    [Fact]
    public async Task Every_request_is_logged_with_the_status_the_client_got()
    {
        await using var app = new LfRepoApp();
        var log = new RequestLog();
        await using var logged = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l
            .AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.Information)
            .AddProvider(log)));
        var client = logged.CreateClient();
        var token = await LfRepoApp.RequestTokenAsync(client, "admin", "admin");
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        (await client.GetAsync($"{LfRepoApp.V2}/Entries/424242")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/Nowhere/v2/Repositories")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        log.Line("/Entries/424242").Should().Contain("StatusCode: 404", "an ApiProblemException is logged with the problem's status, not 200");
        log.Line("/Nowhere/v2/Repositories").Should().Contain("StatusCode: 404", "a path outside every path base is logged too");
        log.Line("/Token").Should().Contain("StatusCode: 200");
    }

    private sealed class RequestLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Line(string pathPart) =>
            _lines.FirstOrDefault(l => l.Contains(pathPart, StringComparison.Ordinal)) ?? $"(no request log line with '{pathPart}')";

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => category.StartsWith("Microsoft.AspNetCore.HttpLogging", StringComparison.Ordinal);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
