using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Documents;

/// <summary>Imports and exports as the tests make them.</summary>
public static class DocumentClient
{
    public static MultipartFormDataContent ImportBody(byte[]? file, string fileName, object request, string? contentType = null)
    {
        var body = new MultipartFormDataContent();
        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            if (contentType is not null)
            {
                part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            }
            body.Add(part, "file", fileName);
        }
        body.Add(new StringContent(JsonSerializer.Serialize(request)), "request");
        return body;
    }

    public static Task<HttpResponseMessage> PostImportAsync(this HttpClient client, int folderId, byte[]? file, string fileName, object request, string? contentType = null) =>
        client.PostAsync($"{LfRepoApp.V2}/Entries/{folderId}/Folder/Import", ImportBody(file, fileName, request, contentType));

    public static async Task<JsonObject> ImportAsync(this HttpClient client, int folderId, byte[]? file, string fileName, object request, string? contentType = null)
    {
        var response = await client.PostImportAsync(folderId, file, fileName, request, contentType);
        return await response.ShouldBeJsonAsync(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> PostExportAsync(this HttpClient client, int entryId, object request, string? pageRange = null) =>
        client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{entryId}/Export" + (pageRange is null ? "" : $"?pageRange={pageRange}"), request);

    /// <summary>Exports and returns the download link.</summary>
    public static async Task<string> ExportAsync(this HttpClient client, int entryId, object request, string? pageRange = null)
    {
        var body = await (await client.PostExportAsync(entryId, request, pageRange)).ShouldBeJsonAsync(HttpStatusCode.OK);
        return body.Str("value");
    }

    /// <summary>Exports and downloads the file.</summary>
    public static async Task<HttpResponseMessage> ExportAndDownloadAsync(this HttpClient client, int entryId, object request, string? pageRange = null)
    {
        var link = await client.ExportAsync(entryId, request, pageRange);
        var response = await client.GetAsync(link);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return response;
    }
}
