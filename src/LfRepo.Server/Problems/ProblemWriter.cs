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

    /// <summary>The longest X-APIServer-Error header value.</summary>
    public const int MaxHeaderChars = 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The <c>HttpContext.Items</c> key under which the title of the problem answered is left for the request log.</summary>
    public const string TitleItem = "LfRepo.ProblemTitle";

    public static async Task WriteAsync(HttpContext context, ProblemKind kind, string? detail)
    {
        context.Items[TitleItem] = kind.Title;
        var response = context.Response;
        response.StatusCode = kind.Status;
        // The 2026 spec declares problems as application/problem+json; the clients parse either.
        response.ContentType = "application/problem+json; charset=utf-8";
        response.Headers.ContentLength = null;
        // Response.Clear() on the error path drops headers; the request id must survive it.
        response.Headers[RequestId.Header] = RequestId.Get(context);
        // The self-hosted API Server's header: clients that cannot read a body (the TypeScript client on a 501)
        // take their error message from it.
        // The detail may quote the client's input at any length; the header is bounded (Node's HTTP parser refuses
        // header blocks past 16 KB), the body keeps the whole text.
        response.Headers["X-APIServer-Error"] = HeaderText(detail ?? kind.Title);
        await using var writer = new Utf8JsonWriter(response.Body, WriterOptions);
        Write(writer, context, kind, detail);
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>The text URI-escaped, cut to at most <see cref="MaxHeaderChars"/> characters ending in "..." when longer.</summary>
    public static string HeaderText(string text)
    {
        var take = Math.Min(text.Length, MaxHeaderChars);
        if (take < text.Length && char.IsHighSurrogate(text[take - 1]))
        {
            take--;
        }
        var escaped = Uri.EscapeDataString(text[..take]);
        if (escaped.Length <= MaxHeaderChars && take == text.Length)
        {
            return escaped;
        }
        var cut = Math.Min(escaped.Length, MaxHeaderChars - 3);
        // Never end inside a %XX escape.
        while (cut > 0 && (escaped[cut - 1] == '%' || (cut > 1 && escaped[cut - 2] == '%')))
        {
            cut--;
        }
        return escaped[..cut] + "...";
    }

    public static void Write(Utf8JsonWriter writer, HttpContext context, ProblemKind kind, string? detail) =>
        Write(writer, kind, detail, context.Request.Path.Value ?? "/", RequestId.Get(context), Activity.Current?.Id ?? RequestId.TraceId(context));

    /// <summary>Writes one problem; also used for the errors of failed tasks, long after their request ended.</summary>
    public static void Write(Utf8JsonWriter writer, ProblemKind kind, string? detail, string instance, string operationId, string traceId)
    {
        writer.WriteStartObject();
        writer.WriteString("type", TypeBase + kind.TypeSuffix);
        writer.WriteString("title", kind.Title);
        writer.WriteNumber("status", kind.Status);
        if (!string.IsNullOrEmpty(detail))
        {
            writer.WriteString("detail", detail);
        }
        writer.WriteString("instance", instance);
        writer.WriteString("operationId", operationId);
        writer.WriteString("errorSource", "LfRepo");
        writer.WriteNumber("errorCode", kind.ErrorCode);
        writer.WriteString("traceId", traceId);
        writer.WriteEndObject();
    }

    /// <summary>A problem as a JSON array of one, the shape a task's <c>errors</c> take.</summary>
    public static string RenderArray(ProblemKind kind, string? detail, string instance, string operationId)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            Write(writer, kind, detail, instance, operationId, "00-" + operationId + "-0000000000000000-00");
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
