using System.Text.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Api;
using LfRepo.Server.Problems;
using LfRepo.Server.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.V1;

/// <summary>v1 operation tokens are the ids of the same tasks v2 lists.</summary>
[ApiController]
[Tags("Tasks")]
[Route("v1/Repositories/{repoId}/Tasks/{operationToken}")]
public sealed class V1TasksController(TaskQueue queue) : ControllerBase
{
    /// <summary>Returns the status of an operation.</summary>
    /// <remarks>
    /// 202 while the operation is queued or running, 201 with a Location of the result when it completed with one (a copy),
    /// 200 otherwise (failed, cancelled, or completed without a result entry). Answers at once, without long-polling.
    /// </remarks>
    [HttpGet]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    public async Task<IActionResult> GetOperationStatusAndProgress(string repoId, string operationToken, CancellationToken cancellationToken)
    {
        var task = await FindAsync(operationToken, cancellationToken);
        var redirectUri = task.Status == OperationStatus.Completed && task.ResultUri is not null
            ? V1Names.EntryUri(Request, repoId, task.ResultEntryId)
            : null;
        var status = !task.IsFinished ? StatusCodes.Status202Accepted
            : redirectUri is not null ? StatusCodes.Status201Created
            : StatusCodes.Status200OK;
        return new JsonBodyResult(w => WriteProgress(w, task, redirectUri), status, redirectUri);
    }

    /// <summary>Cancels an operation.</summary>
    /// <remarks>
    /// 204 for a queued or running operation. One that already finished is a 400 "Cannot cancel completed operation",
    /// as the v1 server answers (v2's CancelTasks answers true instead).
    /// </remarks>
    [HttpDelete]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> CancelOperation(string repoId, string operationToken, CancellationToken cancellationToken)
    {
        var task = await FindAsync(operationToken, cancellationToken);
        if (task.IsFinished)
        {
            throw new ApiProblemException(ProblemCatalog.OperationAlreadyCompleted, $"Operation '{operationToken}' has already ended ({task.Status}).");
        }
        await queue.CancelAsync(task, cancellationToken);
        return NoContent();
    }

    private async Task<TaskRecord> FindAsync(string operationToken, CancellationToken cancellationToken) =>
        await queue.FindAsync(operationToken, User.Identity?.Name ?? "", cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.TaskNotFound, $"Operation '{operationToken}' does not exist or has expired.");

    internal static void WriteProgress(Utf8JsonWriter w, TaskRecord t, string? redirectUri)
    {
        w.WriteStartObject();
        w.WriteString("operationToken", t.Id);
        w.WriteString("operationType", t.TaskType.ToString());
        w.WriteNumber("percentComplete", t.PercentComplete);
        w.WriteString("status", t.Status.ToString());
        w.WriteStartArray("errors");
        // The task keeps its failures as v2 ProblemDetails; v1 reports each as an OperationErrorItem.
        if (t.ErrorsJson is not null && JsonNode.Parse(t.ErrorsJson) is JsonArray problems)
        {
            foreach (var problem in problems)
            {
                w.WriteStartObject();
                w.WriteNumber("objectId", t.ResultEntryId);
                w.WriteString("errorMessage", problem?["detail"]?.GetValue<string>() ?? problem?["title"]?.GetValue<string>());
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
        if (redirectUri is null)
        {
            w.WriteNull("redirectUri");
        }
        else
        {
            w.WriteString("redirectUri", redirectUri);
        }
        w.WriteNumber("entryId", t.ResultEntryId);
        w.WriteString("startTimestamp", new DateTime(t.StartTicks, DateTimeKind.Utc));
        w.WriteString("statusTimestamp", new DateTime(t.LastUpdateTicks, DateTimeKind.Utc));
        w.WriteEndObject();
    }
}
