using System.Diagnostics;
using System.Text.Json;
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
    /// finishes or after the long-poll limit (60 s by default); progress alone does not answer. No taskIds lists every task of the access token.
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
        // A task changes several times before it ends (started, each progress save); the poll waits for an end.
        var deadline = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(queue.Options.LongPollSeconds);
        while (tasks.Count > 0 && tasks.All(t => !t.IsFinished) && deadline.Elapsed < limit)
        {
            var signals = queue.ChangeSignals(tasks.Select(t => t.Id));
            // Read again after taking the signals, so a change in between is not missed.
            tasks = await LoadAsync(ids, cancellationToken);
            if (tasks.Any(t => t.IsFinished))
            {
                break;
            }
            await TaskQueue.WaitAsync(signals, limit - deadline.Elapsed, cancellationToken);
            tasks = await LoadAsync(ids, cancellationToken);
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

    /// <summary>Starts a test operation that behaves according to specified parameters.</summary>
    /// <remarks>
    /// The task takes operationTime milliseconds (0 to 3,600,000; default 0), reports progress and can be cancelled;
    /// it ends Completed, with result.uri pointing at its own ListTasks status when hasRedirectUri is true, or Failed
    /// with a ProblemDetails when hasError is true. Its TaskProgress has no taskType: the spec's TaskType has none for it.
    /// </remarks>
    /// <param name="repositoryId">The requested repository id.</param>
    /// <param name="operationTime">The time the operation will take to complete, in milliseconds.</param>
    /// <param name="hasRedirectUri">If operation adds redirect uri.</param>
    /// <param name="hasError">If mock operation should return "failed" status.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("StartTestTaskAsync")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> StartTestTask(
        string repositoryId, [FromQuery] int? operationTime, [FromQuery] bool hasRedirectUri, [FromQuery] bool hasError, CancellationToken cancellationToken)
    {
        var work = JsonSerializer.Serialize(TestTask.Check(repositoryId, operationTime, hasRedirectUri, hasError));
        return this.TaskStarted(await queue.StartAsync(OperationType.Test, work, this.TaskOrigin(), cancellationToken), StatusCodes.Status200OK);
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
