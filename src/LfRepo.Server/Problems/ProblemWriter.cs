using System.Diagnostics;
using System.Text.Json;

namespace LfRepo.Server.Problems;

/// <summary>
/// Writes ProblemDetails exactly as the Laserfiche clients expect: only the members they know, never null
/// members, <c>errorCode</c> always an integer and <c>operationId</c> equal to the X-RequestId header.
/// </summary>
public static class ProblemWriter
{
    public const string TypeBase = "https://api.laserfiche.com/repository/v2/errors/";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, ProblemKind kind, string? detail)
    {
        var response = context.Response;
        response.StatusCode = kind.Status;
        // The 2026 spec declares problems as application/problem+json; the clients parse either.
        response.ContentType = "application/problem+json; charset=utf-8";
        response.Headers.ContentLength = null;
        // Response.Clear() on the error path drops headers; the request id must survive it.
        response.Headers[RequestId.Header] = RequestId.Get(context);
        // The self-hosted API Server's header: clients that cannot read a body (the TypeScript client on a 501)
        // take their error message from it.
        response.Headers["X-APIServer-Error"] = Uri.EscapeDataString(detail ?? kind.Title);
        await using var writer = new Utf8JsonWriter(response.Body, WriterOptions);
        Write(writer, context, kind, detail);
        await writer.FlushAsync(context.RequestAborted);
    }

    public static void Write(Utf8JsonWriter writer, HttpContext? context, ProblemKind kind, string? detail)
    {
        writer.WriteStartObject();
        writer.WriteString("type", TypeBase + kind.TypeSuffix);
        writer.WriteString("title", kind.Title);
        writer.WriteNumber("status", kind.Status);
        if (!string.IsNullOrEmpty(detail))
        {
            writer.WriteString("detail", detail);
        }
        if (context is not null)
        {
            writer.WriteString("instance", context.Request.Path.Value ?? "/");
            writer.WriteString("operationId", RequestId.Get(context));
        }
        writer.WriteString("errorSource", "LfRepo");
        writer.WriteNumber("errorCode", kind.ErrorCode);
        writer.WriteString("traceId", Activity.Current?.Id ?? RequestId.TraceId(context));
        writer.WriteEndObject();
    }
}
