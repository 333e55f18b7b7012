using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Metadata;

/// <summary>Calls of the metadata administration operations, for the tests that drive them.</summary>
public static class AdministrationClient
{
    public static async Task<JsonObject> CreateFieldAsync(this HttpClient client, object request) =>
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/FieldDefinitions", request)).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> CreateTemplateAsync(this HttpClient client, object request) =>
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/TemplateDefinitions", request)).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, object body) =>
        client.PatchAsync(url, JsonContent.Create(body));

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url)).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static async Task<List<JsonObject>> ValuesAsync(this HttpClient client, string url) =>
        [.. (await client.GetJsonAsync(url))["value"]!.AsArray().Select(v => v!.AsObject())];

    public static async Task<List<string>> TemplateFieldNamesAsync(this HttpClient client, int templateId) =>
        [.. (await client.ValuesAsync($"{LfRepoApp.V2}/TemplateDefinitions/{templateId}/FieldDefinitions")).Select(f => f.Str("name"))];

    /// <summary>An entry's values of one field, as ListFields answers them (empty when it has none).</summary>
    public static async Task<List<string>> FieldValuesAsync(this HttpClient client, int entryId, string field)
    {
        var fields = await client.ValuesAsync($"{LfRepoApp.V2}/Entries/{entryId}/Fields");
        var found = fields.FirstOrDefault(f => f.Str("name") == field);
        return found is null ? [] : [.. found["values"]!.AsArray().Select(v => v!.GetValue<string>())];
    }

    public static async Task SetValuesAsync(this HttpClient client, int entryId, params (string Field, string[] Values)[] fields) =>
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{entryId}/Fields",
            new { fields = fields.Select(f => new { name = f.Field, values = f.Values }) })).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static List<string> Strings(this JsonNode? array) => [.. array!.AsArray().Select(v => v!.GetValue<string>())];
}
