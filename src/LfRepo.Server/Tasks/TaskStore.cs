using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Tasks;

/// <summary>Reads and writes task rows: one row per task, updated in place with set-based statements.</summary>
public sealed class TaskStore(IServiceScopeFactory scopes)
{
    public Task InsertAsync(TaskRecord t, CancellationToken cancellationToken) => scopes.WithStoreAsync(async db =>
    {
        db.Add(t);
        return await db.SaveChangesAsync(cancellationToken);
    });

    public Task<TaskRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken));

    public Task<List<TaskRecord>> ListByTokenAsync(string tokenId, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>().AsNoTracking().Where(t => t.TokenId == tokenId)
            .OrderBy(t => t.StartTicks).ThenBy(t => t.Id).ToListAsync(cancellationToken));

    public Task<int> CountRunningAsync(string userName, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>()
            .CountAsync(t => t.UserName == userName && (t.Status == OperationStatus.NotStarted || t.Status == OperationStatus.InProgress), cancellationToken));

    /// <summary>Searches of a user neither cancelled nor finished before <paramref name="finishedAfterTicks"/>.</summary>
    public Task<int> CountOpenSearchesAsync(string userName, long finishedAfterTicks, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>().CountAsync(t => t.UserName == userName && t.TaskType == OperationType.SearchEntry
            && !t.CancelRequested && t.Status != OperationStatus.Cancelled && (t.FinishedTicks == null || t.FinishedTicks > finishedAfterTicks), cancellationToken));

    /// <summary>Writes the mutable state of a task (status, progress, result, errors, cancel flag).</summary>
    public Task UpdateAsync(TaskRecord t, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>().Where(r => r.Id == t.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, t.Status)
            .SetProperty(r => r.PercentComplete, t.PercentComplete)
            .SetProperty(r => r.ErrorsJson, t.ErrorsJson)
            .SetProperty(r => r.ResultEntryId, t.ResultEntryId)
            .SetProperty(r => r.ResultUri, t.ResultUri)
            .SetProperty(r => r.ResultJson, t.ResultJson)
            .SetProperty(r => r.LastUpdateTicks, t.LastUpdateTicks)
            .SetProperty(r => r.FinishedTicks, t.FinishedTicks)
            .SetProperty(r => r.CancelRequested, t.CancelRequested), cancellationToken));

    /// <summary>Moves a queued task to InProgress; false when it is no longer queued (cancelled before it started).</summary>
    public async Task<bool> TryBeginAsync(string id, long nowTicks, CancellationToken cancellationToken) =>
        await scopes.WithStoreAsync(db => db.Set<TaskRecord>().Where(t => t.Id == id && t.Status == OperationStatus.NotStarted)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, OperationStatus.InProgress).SetProperty(t => t.LastUpdateTicks, nowTicks), cancellationToken)) == 1;

    /// <summary>Asks for cancellation; a task that has not started yet ends Cancelled at once.</summary>
    public Task RequestCancelAsync(string id, long nowTicks, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>().Where(t => t.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.CancelRequested, true)
            .SetProperty(t => t.Status, t => t.Status == OperationStatus.NotStarted ? OperationStatus.Cancelled : t.Status)
            .SetProperty(t => t.FinishedTicks, t => t.Status == OperationStatus.NotStarted ? nowTicks : t.FinishedTicks)
            .SetProperty(t => t.LastUpdateTicks, t => t.Status == OperationStatus.NotStarted ? nowTicks : t.LastUpdateTicks), cancellationToken));

    /// <summary>Tasks a previous process left unfinished: they end Failed with a problem saying so.</summary>
    public Task<int> FailAbandonedAsync(string errorsJson, long nowTicks, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>()
            .Where(t => t.Status == OperationStatus.NotStarted || t.Status == OperationStatus.InProgress)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, OperationStatus.Failed)
                .SetProperty(t => t.ErrorsJson, errorsJson)
                .SetProperty(t => t.FinishedTicks, nowTicks)
                .SetProperty(t => t.LastUpdateTicks, nowTicks), cancellationToken));

    public Task<int> DeleteFinishedBeforeAsync(long ticks, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>()
            .Where(t => (t.Status == OperationStatus.Completed || t.Status == OperationStatus.Failed || t.Status == OperationStatus.Cancelled) && t.FinishedTicks < ticks)
            .ExecuteDeleteAsync(cancellationToken));
}
