using LfRepo.Server.Auth;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using LfRepo.Server.Problems;
using LfRepo.Server.Tasks;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Emulator;

/// <summary>
/// The limits profile. <c>none</c> (the default) limits nothing; <c>cloud</c> enforces Laserfiche Cloud's per-user
/// limits: 100 calls a minute and 30 imports plus exports a minute (ASP.NET Core's rate limiter; fixed one-minute
/// windows on the emulator clock, <see cref="ClockWindowRateLimiter"/>), one long operation at a time and two open searches (the task queue's per-user limits, which count
/// tasks in the store). Past a rate limit the answer is 429 "Rate limit is reached." with Retry-After; past a
/// task limit, 429 with the same title.
/// </summary>
public sealed class LimitProfiles
{
    public const string None = "none";
    public const string Cloud = "cloud";
    public const int CallsPerMinute = 100;
    public const int TransfersPerMinute = 30;
    public const int LongOperationsPerUser = 1;
    public const int OpenSearchesPerUser = 2;

    private static readonly HashSet<string> TransferOperations = new(StringComparer.Ordinal)
    {
        "ImportEntry", "StartImportUploadedParts", "CreateMultipartUploadUrls", "ExportEntry", "StartExportEntry",
        "ImportDocument", "ExportDocument", "ExportDocumentWithAuditReason",
    };

    private readonly TaskOptions _tasks;
    private readonly int _configuredLongOperations;
    private readonly int _configuredOpenSearches;
    private volatile string _profile = None;

    public LimitProfiles(IOptions<LimitsOptions> options, IOptions<TaskOptions> tasks)
    {
        _tasks = tasks.Value;
        _configuredLongOperations = _tasks.MaxConcurrentPerUser;
        _configuredOpenSearches = _tasks.MaxOpenSearchesPerUser;
        Set(options.Value.Profile);
    }

    public string Profile => _profile;

    public void Set(string? profile)
    {
        var name = profile?.Trim().ToLowerInvariant();
        if (name is not (None or Cloud))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"The limits profile must be 'none' or 'cloud', not '{profile}'.");
        }
        _profile = name;
        _tasks.MaxConcurrentPerUser = name == Cloud ? LongOperationsPerUser : _configuredLongOperations;
        _tasks.MaxOpenSearchesPerUser = name == Cloud ? OpenSearchesPerUser : _configuredOpenSearches;
    }

    /// <summary>The limiters of the cloud profile, chained into the rate limiter's global limiter, and the one 429 writer of every limiter.</summary>
    public static void Configure(RateLimiterOptions options)
    {
        options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(context => LimitedUser(context) is { } user
                ? PerMinute("calls:" + user, CallsPerMinute, context)
                : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<HttpContext, string>(context =>
                LimitedUser(context) is { } user && OperationIds.Of(context) is { } operation && TransferOperations.Contains(operation)
                    ? PerMinute("transfers:" + user, TransfersPerMinute, context)
                    : RateLimitPartition.GetNoLimiter("")));
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
            rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var tokenPolicy = rejected.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == AuthExtensions.TokenPolicy;
            await ProblemWriter.WriteAsync(rejected.HttpContext, ProblemCatalog.RateLimited, tokenPolicy
                ? $"Too many token requests from this address; try again in {seconds} seconds."
                : $"The Laserfiche Cloud limits profile allows {CallsPerMinute} calls and {TransfersPerMinute} imports plus exports a minute per user; try again in {seconds} s.");
        };
    }

    /// <summary>The user a request counts against, or null when the profile limits nothing or the call is the control plane's.</summary>
    private static string? LimitedUser(HttpContext context)
    {
        if (context.RequestServices.GetRequiredService<LimitProfiles>().Profile != Cloud ||
            context.Request.Path.StartsWithSegments(ControlPlaneMiddleware.Prefix, StringComparison.OrdinalIgnoreCase) && context.Request.PathBase == "")
        {
            return null;
        }
        return context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.Name) : null;
    }

    /// <summary>A one-minute window of <paramref name="permits"/> calls on the emulator clock, one per partition key.</summary>
    private static RateLimitPartition<string> PerMinute(string key, int permits, HttpContext context)
    {
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        return RateLimitPartition.Get(key, _ => new ClockWindowRateLimiter(permits, TimeSpan.FromMinutes(1), clock));
    }
}
