using System.Text.Json;
using LfRepo.Server.Tasks;

namespace LfRepo.Server.Entries;

/// <summary>What a queued copy needs to run.</summary>
public sealed record CopyTaskRequest(string RepositoryId, int DestinationId, CopyEntryRequest Request);

/// <summary>What a queued delete needs to run.</summary>
public sealed record DeleteTaskRequest(int EntryId);

/// <summary>StartCopyEntry's work: the copy, whose result is the new entry and its URI.</summary>
public sealed class CopyEntryTask(EntryTree tree) : ITaskHandler
{
    public OperationType Type => OperationType.CopyEntry;

    public async Task<TaskOutcome> RunAsync(TaskRecord task, TaskContext context)
    {
        var request = JsonSerializer.Deserialize<CopyTaskRequest>(task.RequestJson)!;
        var id = await tree.CopyAsync(request.DestinationId, request.Request, task.UserName, context, context.CancellationToken);
        return new TaskOutcome(id, $"{task.BaseUrl}/v2/Repositories/{Uri.EscapeDataString(request.RepositoryId)}/Entries/{id}");
    }
}

/// <summary>StartDeleteEntry's work: the entry and everything below it.</summary>
public sealed class DeleteEntryTask(EntryTree tree) : ITaskHandler
{
    public OperationType Type => OperationType.DeleteEntry;

    public async Task<TaskOutcome> RunAsync(TaskRecord task, TaskContext context)
    {
        var request = JsonSerializer.Deserialize<DeleteTaskRequest>(task.RequestJson)!;
        await tree.DeleteAsync(request.EntryId, task.UserName, context, context.CancellationToken);
        return new TaskOutcome(request.EntryId, null);
    }
}
