using LfRepo.Server.Auth;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.OData.Batch;
using Microsoft.Net.Http.Headers;
using Microsoft.OData;

namespace LfRepo.Server.Tables;

/// <summary>
/// The Table API's <c>$batch</c> (multipart/mixed or JSON, as OData v4.01 says): the library's batch handler, with
/// the caller signed in once for the whole batch (each part runs as that caller, through the same routes as a
/// single request) and a bad batch answered as Laserfiche ProblemDetails rather than OData's error body.
/// </summary>
public sealed class TableBatchHandler : DefaultODataBatchHandler
{
    public override async Task ProcessBatchAsync(HttpContext context, RequestDelegate nextHandler)
    {
        var signedIn = await context.AuthenticateAsync(BearerAuthenticationHandler.SchemeName);
        if (!signedIn.Succeeded)
        {
            throw new ApiProblemException(ProblemCatalog.Unauthorized, "$batch needs a bearer token, like every Table API request.");
        }
        try
        {
            await base.ProcessBatchAsync(context, part => RunPartAsync(part, nextHandler));
        }
        catch (ODataException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "$batch: " + ex.Message);
        }
    }

    /// <summary>
    /// Runs one part. The problem middleware sits outside the batch, so a part's refusal is written here as the
    /// ProblemDetails a single request would get; and responses are written to the body's pipe while the batch
    /// reads a part's body from its stream, so each part flushes.
    /// </summary>
    private static async Task RunPartAsync(HttpContext part, RequestDelegate next)
    {
        try
        {
            await next(part);
        }
        catch (ApiProblemException problem)
        {
            part.Response.Clear();
            await ProblemWriter.WriteAsync(part, problem.Kind, problem.Detail);
        }
        await part.Response.BodyWriter.FlushAsync(part.RequestAborted);
        if (part.Response.StatusCode >= 400 && part.Response.Body is { CanSeek: true, Length: 0 })
        {
            await ProblemWriter.WriteAsync(part, ProblemCatalog.ForStatus(part.Response.StatusCode), $"No operation matches {part.Request.Method} {part.Request.Path}.");
            await part.Response.BodyWriter.FlushAsync(part.RequestAborted);
        }
    }

    public override Task<bool> ValidateRequest(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            throw new ApiProblemException(ProblemCatalog.MethodNotAllowed, "$batch takes POST only.");
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !(type.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiProblemException(ProblemCatalog.UnsupportedMediaType, "$batch takes a multipart/mixed or an application/json body.");
        }
        if (type.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase) && HeaderUtilities.RemoveQuotes(type.Boundary).Length == 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "$batch: a multipart/mixed body needs a boundary parameter.");
        }
        return base.ValidateRequest(request);
    }

    /// <summary>Each part carries the batch's bearer token unless it brings its own.</summary>
    public override async Task<IList<ODataBatchRequestItem>> ParseBatchRequestsAsync(HttpContext context)
    {
        var items = await base.ParseBatchRequestsAsync(context);
        var authorization = context.Request.Headers.Authorization;
        foreach (var part in items.SelectMany(Contexts))
        {
            if (!part.Request.Headers.ContainsKey(HeaderNames.Authorization))
            {
                part.Request.Headers.Authorization = authorization;
            }
        }
        return items;
    }

    private static IEnumerable<HttpContext> Contexts(ODataBatchRequestItem item) => item switch
    {
        OperationRequestItem operation => [operation.Context],
        ChangeSetRequestItem changeSet => changeSet.Contexts,
        _ => [],
    };
}
