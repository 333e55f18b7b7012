using LfRepo.Server.Problems;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace LfRepo.Server.Hosting;

/// <summary>
/// Serilog: levels and extra sinks from the "Serilog" section (Serilog.Settings.Configuration), the console as text
/// or, with <c>--log-format json</c>, Serilog's compact JSON (one event a line, for log collectors), and one line
/// per request (<c>UseSerilogRequestLogging</c>) with its status, time and, for 4xx/5xx, the problem's title.
/// </summary>
public static class LoggingExtensions
{
    /// <summary>The configuration key of <c>--log-format</c>: <c>text</c> (the default) or <c>json</c>.</summary>
    public const string FormatKey = "LfRepo:LogFormat";

    public const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public const string RequestTemplate = "HTTP {RequestMethod:l} {RequestPath:l}{RequestQuery:l} responded {StatusCode} in {Elapsed:0.0} ms{Problem:l}";

    public static WebApplicationBuilder AddEmulatorLogging(this WebApplicationBuilder builder)
    {
        // No bootstrap or global logger: parallel test hosts would fight over one. Loggers added by a test host
        // (ConfigureLogging) still receive every event (writeToProviders).
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((services, logger) =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            logger.ReadFrom.Configuration(configuration);
            if (string.Equals(configuration[FormatKey], "json", StringComparison.OrdinalIgnoreCase))
            {
                logger.WriteTo.Console(new CompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        }, preserveStaticLogger: true, writeToProviders: true);
        return builder;
    }

    /// <summary>One line per request, written once the response is complete (so with the status the client got).</summary>
    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.MessageTemplate = RequestTemplate;
            o.GetLevel = (context, _, exception) => exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
            o.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                diagnostics.Set("RequestQuery", context.Request.QueryString.Value ?? "");
                diagnostics.Set("RequestId", RequestId.Get(context));
                var title = context.Response.StatusCode >= 400 ? context.Items[ProblemWriter.TitleItem] as string : null;
                diagnostics.Set("ProblemTitle", title);
                diagnostics.Set("Problem", title is null ? "" : ": " + title);
            };
        });
        return app;
    }
}
