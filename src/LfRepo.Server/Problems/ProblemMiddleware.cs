using LfRepo.Server.Hosting;

namespace LfRepo.Server.Problems;

/// <summary>
/// The one middleware every request passes first: it gives the response its X-RequestId and security headers, and
/// it is the one place exceptions and empty error responses become ProblemDetails.
/// </summary>
public static class ProblemMiddleware
{
    public static IApplicationBuilder UseProblemResponses(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers[RequestId.Header] = RequestId.Get(context);
            ExposureExtensions.ApplySecurityHeaders(headers);
            try
            {
                await next(context);
            }
            catch (ApiProblemException problem) when (!context.Response.HasStarted)
            {
                Clear(context);
                if (problem.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await ProblemWriter.WriteAsync(context, problem.Kind, problem.Detail);
            }
            catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
            {
                Clear(context);
                var kind = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ProblemCatalog.RequestTooLarge : ProblemCatalog.ForStatus(bad.StatusCode);
                await ProblemWriter.WriteAsync(context, kind, bad.Message);
            }
            catch (System.Text.DecoderFallbackException) when (!context.Response.HasStarted)
            {
                // Request bodies are decoded by the charset their Content-Type names; bytes that are not text in it
                // are the client's error.
                Clear(context);
                await ProblemWriter.WriteAsync(context, ProblemCatalog.InvalidRequest,
                    $"The request body is not valid text in the charset its Content-Type names ('{context.Request.ContentType}').");
            }
            catch (Exception ex) when (!context.Response.HasStarted && IsUnstorableText(ex))
            {
                // PostgreSQL's text cannot hold U+0000, which SQLite keeps: the value is refused as the client's error.
                Clear(context);
                await ProblemWriter.WriteAsync(context, ProblemCatalog.TextNotStorable,
                    "A text value of the request holds the character U+0000 (NUL), which this store cannot keep.");
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; nothing is left to answer.
            }
            catch (Exception ex) when (!context.Response.HasStarted)
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("LfRepo.Problems");
                logger.LogError(ex, "Unhandled exception in {Method} {Path}; operationId {OperationId}",
                    context.Request.Method, context.Request.Path.Value, RequestId.Get(context));
                Clear(context);
                await ProblemWriter.WriteAsync(context, ProblemCatalog.Internal, null);
            }
        });

        // Routing, authentication and MVC end some requests with a bare status code; give those a body too.
        app.UseStatusCodePages(async statusContext =>
        {
            var context = statusContext.HttpContext;
            var status = context.Response.StatusCode;
            if (status < 400 || context.Response.HasStarted)
            {
                return;
            }
            await ProblemWriter.WriteAsync(context, ProblemCatalog.ForStatus(status), DescribeBareStatus(context, status));
        });
        return app;
    }

    /// <summary>
    /// SQLSTATE 22021 (character not in repertoire) or 22P05 (untranslatable character), on the exception or the one it
    /// wraps (EF Core's <see cref="Microsoft.EntityFrameworkCore.DbUpdateException"/>).
    /// </summary>
    private static bool IsUnstorableText(Exception exception) =>
        (exception as System.Data.Common.DbException ?? exception.InnerException as System.Data.Common.DbException)?.SqlState is "22021" or "22P05";

    /// <summary>Drops what the endpoint had set before answering with a problem; the security headers stay.</summary>
    private static void Clear(HttpContext context)
    {
        context.Response.Clear();
        ExposureExtensions.ApplySecurityHeaders(context.Response.Headers);
    }

    private static string? DescribeBareStatus(HttpContext context, int status) => status switch
    {
        404 => $"No operation matches {context.Request.Method} {context.Request.PathBase}{context.Request.Path}.",
        405 => $"{context.Request.Method} is not allowed on {context.Request.PathBase}{context.Request.Path}.",
        415 => $"Content-Type '{context.Request.ContentType}' is not accepted by this operation.",
        _ => null,
    };
}
