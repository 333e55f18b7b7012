using System.Globalization;
using System.Threading.RateLimiting;
using LfRepo.Server.Emulator;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Hosting;

/// <summary>
/// The one queue of API writes. SQLite admits one writer at a time, and a writer that finds the store busy waits in
/// SQLite's busy handler, which retries with growing sleeps and no order: under load some writers starve for
/// seconds. So the operations that write the store take a single permit in arrival order
/// (<see cref="ConcurrencyLimiter"/>, oldest first) before their endpoint runs, and find the store free. Operations
/// that stream large bodies or run long (imports, exports, page uploads, searches) are left out: they write little
/// and would hold the queue for as long as their transfer lasts. A request that waits longer than
/// <see cref="MaxWait"/> is answered 503 with Retry-After, and its write is not made.
/// </summary>
public sealed class WriteGate(TimeSpan? maxWait = null) : IDisposable
{
    /// <summary>How long a write waits for its turn before it is answered 503 (30 s, SQLite's busy timeout here).</summary>
    public TimeSpan MaxWait { get; } = maxWait ?? TimeSpan.FromSeconds(30);

    /// <summary>Writing operations that do not take the gate: long transfers, searches, and reads sent as POST.</summary>
    private static readonly HashSet<string> Ungated = new(StringComparer.Ordinal)
    {
        "ImportEntry", "ImportDocument", "StartImportUploadedParts", "CreateMultipartUploadUrls", "UpdateDocumentUploadedParts",
        "UpdateDocument", "ExportEntry", "ExportDocumentWithAuditReason", "StartExportEntry", "CreatePages", "ReplacePages", "WritePage",
        "UploadAnnotationAttachment", "UploadAnnotationImage", "GenerateText", "SearchEntry", "CreateSearchOperation",
        "CreateSimpleSearchOperation", "StartSearchEntry", "GetDynamicFieldValues", "ListDynamicFieldValues",
        "CreateServerSession", "RefreshServerSession", "InvalidateServerSession",
    };

    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = 1,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Whether the request's operation (an API operation id from the Laserfiche table) takes the gate.</summary>
    public static bool Applies(string method, string? operationId) =>
        operationId is not null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method) && !Ungated.Contains(operationId);

    /// <summary>Waits in arrival order for the permit; null when <see cref="MaxWait"/> passed first.</summary>
    public async Task<RateLimitLease?> EnterAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(MaxWait);
        try
        {
            var lease = await _limiter.AcquireAsync(1, timeout.Token);
            if (lease.IsAcquired)
            {
                return lease;
            }
            lease.Dispose();
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _limiter.Dispose();
}

public static class WriteGateExtensions
{
    /// <summary>Place last before the endpoints (after authorization and the fault rules): writes queue only once they will run.</summary>
    public static IApplicationBuilder UseWriteGate(this IApplicationBuilder app)
    {
        var gate = app.ApplicationServices.GetRequiredService<WriteGate>();
        return app.Use(async (context, next) =>
        {
            if (!WriteGate.Applies(context.Request.Method, OperationIds.Of(context)))
            {
                await next(context);
                return;
            }
            using var lease = await gate.EnterAsync(context.RequestAborted);
            if (lease is null)
            {
                context.Response.Headers.RetryAfter = "1";
                await ProblemWriter.WriteAsync(context, ProblemCatalog.WritesBusy,
                    $"The request waited {gate.MaxWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s behind other writes; try again.");
                return;
            }
            await next(context);
        });
    }
}
