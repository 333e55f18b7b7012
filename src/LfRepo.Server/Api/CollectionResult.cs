using System.Text.Json;

namespace LfRepo.Server.Api;

/// <summary>
/// The OData collection envelope: <c>@odata.context</c> (when given), <c>@odata.count</c> when asked for,
/// <c>value</c> and <c>@odata.nextLink</c> when there is a next page. v2 writes the count before the value; the v1
/// server writes it last, after the next link.
/// </summary>
public static class CollectionResult
{
    public static JsonBodyResult Create(
        string? context, long? count, string? nextLink, Action<Utf8JsonWriter> writeValues, int statusCode = StatusCodes.Status200OK, bool v1 = false) =>
        new(w =>
        {
            w.WriteStartObject();
            if (context is not null)
            {
                w.WriteString("@odata.context", context);
            }
            if (!v1 && count is { } before)
            {
                w.WriteNumber("@odata.count", before);
            }
            w.WriteStartArray("value");
            writeValues(w);
            w.WriteEndArray();
            if (nextLink is not null)
            {
                w.WriteString("@odata.nextLink", nextLink);
            }
            if (v1 && count is { } after)
            {
                w.WriteNumber("@odata.count", after);
            }
            w.WriteEndObject();
        }, statusCode);
}
