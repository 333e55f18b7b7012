using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Documents;

/// <summary>Page edits, locks and version control as the tests make them, and a second user to hold locks.</summary>
public static class DocumentEditClient
{
    private const int Root = 1;

    /// <summary>
    /// A client signed in as <c>user1</c> (password <c>user1</c>, a member of the seeded Users group), or another user made so:
    /// "another user" for locks and check-outs.
    /// </summary>
    public static async Task<HttpClient> CreateSecondUserClientAsync(this LfRepoApp app, string user = "user1")
    {
        await app.AddUserAsync(user, user);
        return await app.CreateSignedInClientAsync(user, user);
    }

    public static string DocumentUrl(int entryId) => $"{LfRepoApp.V2}/Entries/{entryId}/Document";

    /// <summary>A document without pages or edoc (an empty text file imports as nothing).</summary>
    public static async Task<int> CreateEmptyDocumentAsync(this HttpClient client, string name) =>
        (await client.ImportAsync(Root, [], name + ".txt", new { name, autoRename = true })).Id();

    /// <summary>A document of text pages.</summary>
    public static async Task<int> CreateTextDocumentAsync(this HttpClient client, string name, params string[] pages) =>
        (await client.ImportAsync(Root, System.Text.Encoding.UTF8.GetBytes(string.Join('\f', pages)), name + ".txt", new { name, autoRename = true })).Id();

    public static MultipartFormDataContent PagesBody(IReadOnlyList<(byte[] Bytes, string Name)>? images = null, string?[]? textPages = null)
    {
        var body = new MultipartFormDataContent();
        if (textPages is not null)
        {
            body.Add(new StringContent(JsonSerializer.Serialize(new { textPages })), "request");
        }
        foreach (var (bytes, name) in images ?? [])
        {
            body.Add(new ByteArrayContent(bytes), "imageFiles", name);
        }
        return body;
    }

    public static Task<HttpResponseMessage> PostPagesAsync(this HttpClient client, int entryId, MultipartFormDataContent body, string query = "") =>
        client.PostAsync($"{DocumentUrl(entryId)}/Pages{query}", body);

    public static async Task<JsonObject> CreatePagesAsync(this HttpClient client, int entryId, IReadOnlyList<(byte[] Bytes, string Name)>? images = null, string?[]? textPages = null, string query = "") =>
        await (await client.PostPagesAsync(entryId, PagesBody(images, textPages), query)).ShouldBeJsonAsync(HttpStatusCode.OK);

    /// <summary>The text of every page, in page order.</summary>
    public static async Task<List<string>> PageTextsAsync(this HttpClient client, int entryId)
    {
        var infos = await client.PageInfosAsync(entryId);
        var texts = new List<string>();
        foreach (var info in infos)
        {
            var text = await (await client.GetAsync($"{DocumentUrl(entryId)}/Pages/{info["pageNumber"]!.GetValue<int>()}/Text")).ShouldBeJsonAsync(HttpStatusCode.OK);
            texts.Add(text.Str("text"));
        }
        return texts;
    }

    public static async Task<List<JsonObject>> PageInfosAsync(this HttpClient client, int entryId)
    {
        var body = await (await client.GetAsync($"{DocumentUrl(entryId)}/Pages")).ShouldBeJsonAsync(HttpStatusCode.OK);
        return [.. body["value"]!.AsArray().Select(v => v!.AsObject())];
    }

    public static async Task<JsonObject> LockAsync(this HttpClient client, int entryId, string? extent = null, string? comment = null) =>
        await (await client.PostAsJsonAsync($"{DocumentUrl(entryId)}/Lock", new { extent, comment })).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> LockInfoAsync(this HttpClient client, int entryId) =>
        await (await client.GetAsync($"{DocumentUrl(entryId)}/Lock")).ShouldBeJsonAsync(HttpStatusCode.OK);

    public static async Task<JsonObject> PostDocumentAsync(this HttpClient client, int entryId, string operation, object? body = null, HttpStatusCode status = HttpStatusCode.OK) =>
        await (await client.PostAsJsonAsync($"{DocumentUrl(entryId)}/{operation}", body ?? new { })).ShouldBeJsonAsync(status);
}
