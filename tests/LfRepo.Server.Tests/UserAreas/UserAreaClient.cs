using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.UserAreas;

/// <summary>The user-area calls the tests make again and again.</summary>
public static class UserAreaClient
{
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) });

    public static async Task<JsonArray> ShouldBeJsonArrayAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the body was {0}", text);
        return JsonNode.Parse(text)!.AsArray();
    }

    public static async Task<JsonArray> GetArrayAsync(this HttpClient client, string path) =>
        await (await client.GetAsync($"{LfRepoApp.V2}/{path}")).ShouldBeJsonArrayAsync();

    public static async Task<JsonArray> StarAsync(this HttpClient client, params int[] entryIds) =>
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/StarredEntries", new { entryIds })).ShouldBeJsonArrayAsync();

    public static async Task<JsonObject> CreateCollectionAsync(this HttpClient client, string name) =>
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/PersonalCollections", new { name })).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> CreateAreaAsync(this HttpClient client, string name, string? comment = null, string? data = null) =>
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/UserAreas", new { name, comment, data })).ShouldBeJsonAsync(HttpStatusCode.OK);

    /// <summary>The entry ids of a UserAreaEntry[] body, in order.</summary>
    public static int[] EntryIds(this JsonArray entries) => [.. entries.Select(e => e!["entryId"]!.GetValue<int>())];

    /// <summary>The entryIds member of a PersonalCollection.</summary>
    public static int[] MemberIds(this JsonObject collection) => [.. collection["entryIds"]!.AsArray().Select(e => e!.GetValue<int>())];
}
