using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LfRepo.Server.Tests.Infrastructure;

/// <summary>Starting long operations and following them through ListTasks.</summary>
public static class TaskClient
{
    private static readonly string[] Finished = ["Completed", "Failed", "Cancelled"];

    public static async Task<string> StartCopyAsync(this HttpClient client, int folderId, int sourceId, string name, bool autoRename = false)
    {
        var response = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{folderId}/Folder/CopyAsync", new { sourceId, name, autoRename });
        return (await response.ShouldBeJsonAsync(HttpStatusCode.Accepted)).Str("taskId");
    }

    public static async Task<string> StartDeleteAsync(this HttpClient client, int entryId)
    {
        var response = await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{entryId}");
        return (await response.ShouldBeJsonAsync(HttpStatusCode.Accepted)).Str("taskId");
    }

    public static async Task<JsonObject> GetTaskAsync(this HttpClient client, string taskId)
    {
        var body = await (await client.GetAsync($"{LfRepoApp.V2}/Tasks?taskIds={taskId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        return body["value"]!.AsArray().Single()!.AsObject();
    }

    /// <summary>Polls ListTasks until the task has finished (bounded), and returns its last TaskProgress.</summary>
    public static async Task<JsonObject> WaitForTaskAsync(this HttpClient client, string taskId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var task = await client.GetTaskAsync(taskId);
            if (Finished.Contains(task.Str("status")) || DateTime.UtcNow > deadline)
            {
                return task;
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the task (bounded).</summary>
    public static async Task<JsonObject> WaitForTaskAsync(this HttpClient client, string taskId, Func<JsonObject, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var task = await client.GetTaskAsync(taskId);
            if (condition(task) || DateTime.UtcNow > deadline)
            {
                return task;
            }
            await Task.Delay(10);
        }
    }

    /// <summary>Creates <paramref name="count"/> folders under <paramref name="parentId"/>, four at a time.</summary>
    public static async Task CreateFoldersAsync(this HttpClient client, int parentId, int count, string prefix = "item")
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async worker =>
        {
            for (var i = worker; i < count; i += 4)
            {
                await client.CreateFolderAsync(parentId, $"{prefix} {i:D5}");
            }
        }));
    }
}
