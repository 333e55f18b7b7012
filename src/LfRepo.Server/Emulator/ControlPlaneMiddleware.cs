using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using LfRepo.Server.Hosting;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.RateLimiting;

namespace LfRepo.Server.Emulator;

/// <summary>The control plane's hooks into the request pipeline: the route gate, the request journal, the faults.</summary>
public static class ControlPlaneMiddleware
{
    public const string Prefix = "/_emulator";

    /// <summary>
    /// Place before the path bases: /_emulator answers only at the root (404 under a path base or with
    /// --no-control-plane), and every other request is journaled once it has completed and passes the
    /// <see cref="RequestGate"/>, which holds it back while a reset or restore replaces the store.
    /// </summary>
    public static IApplicationBuilder UseControlPlaneGate(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<ControlPlaneOptions>();
        var controlPlaneUnderBases = app.ApplicationServices.GetRequiredService<EmulatorOptions>().PathBaseList.Select(b => b + Prefix).ToArray();
        var journal = app.ApplicationServices.GetRequiredService<RequestJournal>();
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        var gate = app.ApplicationServices.GetRequiredService<RequestGate>();
        // Taken now, while the pipeline is built at start-up, for GET /_emulator's startedAt.
        app.ApplicationServices.GetRequiredService<ControlPlaneStart>();
        return app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                return options.Disabled
                    ? ProblemWriter.WriteAsync(context, ProblemCatalog.RouteNotFound, "The control plane is turned off (--no-control-plane).")
                    : next(context);
            }
            foreach (var underBase in controlPlaneUnderBases)
            {
                if (path.StartsWithSegments(underBase, StringComparison.OrdinalIgnoreCase))
                {
                    return ProblemWriter.WriteAsync(context, ProblemCatalog.RouteNotFound, $"The control plane answers at {Prefix}, without a path base.");
                }
            }
            if (!options.Disabled)
            {
                Journal(context, journal, clock);
            }
            return PassGateAsync(context, next, gate);
        });
    }

    private static async Task PassGateAsync(HttpContext context, RequestDelegate next, RequestGate gate)
    {
        await gate.EnterAsync(context.RequestAborted);
        try
        {
            await next(context);
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>
    /// ASP.NET Core's rate limiter, for the requests it may limit: every request while the cloud profile is on,
    /// otherwise only endpoints with a rate-limit policy (the Token endpoint). Place after authentication: the
    /// cloud profile counts per user.
    /// </summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        var profiles = app.ApplicationServices.GetRequiredService<LimitProfiles>();
        return app.UseWhen(
            context => profiles.Profile == LimitProfiles.Cloud || context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null,
            limited => limited.UseRateLimiter());
    }

    /// <summary>Place after authorization, just before the endpoints: a matching fault rule delays or answers the request.</summary>
    public static IApplicationBuilder UseFaultRules(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<ControlPlaneOptions>();
        var faults = app.ApplicationServices.GetRequiredService<FaultRules>();
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (faults.IsEmpty || options.Disabled || request.PathBase.Value is null or "" && request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }
            var rule = faults.Match(request.Method, request.PathBase + request.Path, request.Path.Value ?? "/", OperationIds.Of(context), UserOf(context));
            if (rule is null)
            {
                await next(context);
                return;
            }
            if (rule.DelayMs is { } delay)
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            if (rule.Status is not { } status)
            {
                await next(context);
                return;
            }
            if (status is 429 or 503)
            {
                context.Response.Headers.RetryAfter = (rule.RetryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
            }
            await ProblemWriter.WriteAsync(context, ProblemCatalog.Injected(status, null, rule.ErrorCode),
                $"Fault injected by the LfRepo control plane (rule {rule.Id}).");
        });
    }

    private static void Journal(HttpContext context, RequestJournal journal, TimeProvider clock)
    {
        var started = Stopwatch.GetTimestamp();
        var timestamp = clock.GetUtcNow();
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var query = context.Request.QueryString.Value ?? "";
        context.Response.OnCompleted(() =>
        {
            journal.Add(sequence => new JournalEntry(
                sequence, timestamp, method, path, query, context.Response.StatusCode, OperationIds.Of(context), RequestId.Get(context),
                UserOf(context), Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3)));
            return Task.CompletedTask;
        });
    }

    private static string? UserOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.Name) : null;
}
