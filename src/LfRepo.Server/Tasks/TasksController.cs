using LfRepo.Server.Api;
using LfRepo.Server.Auth;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Tasks;

[ApiController]
[Tags("Tasks")]
[Route("v2/Repositories/{repositoryId}/Tasks")]
public sealed class TasksController(TaskQueue queue) : ControllerBase
{
    /// <summary>Returns the status of a set of one or more tasks.</summary>
    /// <remarks>
    /// Long-polls like the real server: answers at once when a listed task has finished, otherwise when one
    /// changes or after the long-poll limit (60 s by default). No taskIds lists every task of the access token.
    /// </remarks>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="taskIds">Task ids, as repeated parameters or comma-separated.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> ListTasks(string repositoryId, [FromQuery] string[]? taskIds, CancellationToken cancellationToken)
    {
        var ids = ParseIds(taskIds);
        var tasks = await LoadAsync(ids, cancellationToken);
        if (tasks.Count > 0 && tasks.All(t => !t.IsFinished))
        {
            var signals = queue.ChangeSignals(tasks.Select(t => t.Id));
            // Read again after taking the signals, so a change in between is not missed.
            tasks = await LoadAsync(ids, cancellationToken);
            if (tasks.All(t => !t.IsFinished))
            {
                await TaskQueue.WaitAsync(signals, TimeSpan.FromSeconds(queue.Options.LongPollSeconds), cancellationToken);
                tasks = await LoadAsync(ids, cancellationToken);
            }
        }

        var context = $"{NextLink.Base(Request)}/v2/$metadata#Tasks";
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            w.WriteStartArray("value");
            foreach (var task in tasks)
            {
                TaskJson.WriteProgress(w, task);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Starts the cancellation for a set of one or more tasks.</summary>
    /// <remarks>result true means the request was received, also for a task that already finished.</remarks>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="taskIds">Task ids, as repeated parameters or comma-separated.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpDelete]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> CancelTasks(string repositoryId, [FromQuery] string[]? taskIds, CancellationToken cancellationToken)
    {
        var tasks = await LoadAsync(ParseIds(taskIds), cancellationToken);
        foreach (var task in tasks)
        {
            await queue.CancelAsync(task, cancellationToken);
        }
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("value");
            foreach (var task in tasks)
            {
                TaskJson.WriteCancelResult(w, task);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private async Task<List<TaskRecord>> LoadAsync(List<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            var tokenId = User.FindFirst(BearerAuthenticationHandler.TokenIdClaim)?.Value ?? "";
            return await queue.ListForTokenAsync(tokenId, cancellationToken);
        }
        var userName = User.Identity?.Name ?? "";
        var tasks = new List<TaskRecord>(ids.Count);
        foreach (var id in ids)
        {
            tasks.Add(await queue.FindAsync(id, userName, cancellationToken)
                ?? throw new ApiProblemException(ProblemCatalog.TaskNotFound, $"Task '{id}' does not exist or has expired."));
        }
        return tasks;
    }

    private static List<string> ParseIds(string[]? taskIds) =>
        [.. (taskIds ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];
}
