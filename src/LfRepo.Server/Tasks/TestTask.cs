using System.Text.Json;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Tasks;

/// <summary>What a queued StartTestTask needs to run.</summary>
public sealed record TestTaskRequest(string RepositoryId, int OperationTime, bool HasRedirectUri, bool HasError);

/// <summary>
/// StartTestTask's work, Laserfiche's hook for testing a client's task handling: it takes the given time in ten
/// steps, reporting progress and noticing a cancel after each, then ends Completed (with a redirect URI when asked)
/// or Failed with a problem.
/// </summary>
public sealed class TestTask : ITaskHandler
{
    public const int MaxOperationTime = 3_600_000;
    private const int Steps = 10;

    public OperationType Type => OperationType.Test;

    /// <summary>Checks the parameters before the task is queued.</summary>
    public static TestTaskRequest Check(string repositoryId, int? operationTime, bool hasRedirectUri, bool hasError) =>
        operationTime is < 0 or > MaxOperationTime
            ? throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"operationTime is {operationTime}; it is in milliseconds, from 0 to {MaxOperationTime} (one hour).")
            : new TestTaskRequest(repositoryId, operationTime ?? 0, hasRedirectUri, hasError);

    public async Task<TaskOutcome> RunAsync(TaskRecord task, TaskContext context)
    {
        var request = JsonSerializer.Deserialize<TestTaskRequest>(task.RequestJson)!;
        // Real time, not the TimeProvider: the operation is meant to take this long on the wall clock.
        var step = TimeSpan.FromMilliseconds(request.OperationTime / (double)Steps);
        for (var done = 1; done <= Steps; done++)
        {
            await Task.Delay(step, context.CancellationToken);
            await context.ReportProgressAsync(done, Steps);
        }
        if (request.HasError)
        {
            throw new ApiProblemException(ProblemCatalog.TestTaskFailed, "The test task was started with hasError=true.");
        }
        var redirect = request.HasRedirectUri
            ? $"{task.BaseUrl}/v2/Repositories/{Uri.EscapeDataString(request.RepositoryId)}/Tasks?taskIds={task.Id}"
            : null;
        return new TaskOutcome(0, redirect);
    }
}
