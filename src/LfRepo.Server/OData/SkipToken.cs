using System.Text.Json;
using System.Text.Json.Serialization;

namespace LfRepo.Server.OData;

/// <summary>
/// What an <c>@odata.nextLink</c> carries: where the next page starts (the last row's sort key, so the next
/// page is an index seek rather than an OFFSET over everything before it), its row offset, the page size and
/// how many rows <c>$top</c> still allows. Clients treat it as opaque.
/// </summary>
public sealed record SkipToken(
    [property: JsonPropertyName("o")] int Offset,
    [property: JsonPropertyName("p")] int PageSize,
    [property: JsonPropertyName("r")] int? Remaining,
    [property: JsonPropertyName("k")] JsonElement[]? LastKey)
{
    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this, SkipTokenJson.Default.SkipToken);
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static SkipToken? TryDecode(string value)
    {
        try
        {
            var base64 = value.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var token = JsonSerializer.Deserialize(Convert.FromBase64String(base64), SkipTokenJson.Default.SkipToken);
            return token is { Offset: >= 0, PageSize: > 0 } && token.Remaining is null or > 0 ? token : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(SkipToken))]
internal sealed partial class SkipTokenJson : JsonSerializerContext;
