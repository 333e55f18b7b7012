using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Api;

/// <summary>
/// A response whose JSON is written straight to the body with a <see cref="Utf8JsonWriter"/>: the wire shapes
/// have OData annotations, per-type members and <c>$select</c>, which a serializer would only get in the way of.
/// </summary>
public sealed class JsonBodyResult(Action<Utf8JsonWriter> write, int statusCode = StatusCodes.Status200OK, string? location = null) : IActionResult
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        if (location is not null)
        {
            response.Headers.Location = location;
        }
        await using var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
        write(writer);
        await writer.FlushAsync(context.HttpContext.RequestAborted);
    }
}
