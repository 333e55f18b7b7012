using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Emulator;

/// <summary>Short forms of the control-plane calls the tests make.</summary>
public static class ControlPlane
{
    public const string Root = "/_emulator";

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return await response.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    public static async Task ShouldBeNoContentAsync(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, "the body was {0}", text);
        text.Should().BeEmpty();
    }

    public static Task ResetAsync(this HttpClient client, string? seed = null) =>
        client.PostAsync(Root + "/reset" + (seed is null ? "" : "?seed=" + seed), null).ShouldBeNoContentAsync();

    public static async Task<JsonObject> AddFaultAsync(this HttpClient client, object rule) =>
        await (await client.PostAsJsonAsync(Root + "/faults", rule)).ShouldBeJsonAsync(HttpStatusCode.Created);

    public static async Task<JsonArray> ChildrenAsync(this HttpClient client, int folderId) =>
        (await client.GetJsonAsync($"{LfRepoApp.V2}/Entries/{folderId}/Folder/Children"))["value"]!.AsArray();
}
