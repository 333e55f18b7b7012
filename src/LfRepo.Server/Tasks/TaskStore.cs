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

    /// <summary>
    /// Claims a queued task for <paramref name="ownerId"/> and moves it to InProgress: one conditional UPDATE, so of
    /// the workers of every process that try, exactly one wins. False when it is no longer queued (claimed by another
    /// worker or cancelled before it started).
    /// </summary>
    public async Task<bool> TryBeginAsync(string id, string ownerId, long leaseUntilTicks, long nowTicks, CancellationToken cancellationToken) =>
        await scopes.WithStoreAsync(db => db.Set<TaskRecord>().Where(t => t.Id == id && t.Status == OperationStatus.NotStarted)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, OperationStatus.InProgress)
                .SetProperty(t => t.OwnerId, ownerId)
                .SetProperty(t => t.LeaseExpiresTicks, leaseUntilTicks)
                .SetProperty(t => t.LastUpdateTicks, nowTicks), cancellationToken)) == 1;

    /// <summary>Extends the lease on every queued or running task <paramref name="ownerId"/> holds.</summary>
    public Task<int> RenewAsync(string ownerId, long leaseUntilTicks, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>()
            .Where(t => t.OwnerId == ownerId && (t.Status == OperationStatus.NotStarted || t.Status == OperationStatus.InProgress))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseExpiresTicks, leaseUntilTicks), cancellationToken));

    /// <summary>Gives up the leases of <paramref name="ownerId"/> (a process stopping): its unfinished tasks count as lapsed at once.</summary>
    public Task<int> ReleaseAsync(string ownerId, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>()
            .Where(t => t.OwnerId == ownerId && (t.Status == OperationStatus.NotStarted || t.Status == OperationStatus.InProgress))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseExpiresTicks, 0L), cancellationToken));

    /// <summary>Running tasks of <paramref name="ownerId"/> whose cancellation was asked for (possibly through another process).</summary>
    public Task<List<string>> CancelRequestedAsync(string ownerId, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>().AsNoTracking()
            .Where(t => t.OwnerId == ownerId && t.Status == OperationStatus.InProgress && t.CancelRequested)
            .Select(t => t.Id).ToListAsync(cancellationToken));

    /// <summary>The oldest queued tasks that another process queued, for an idle worker to claim.</summary>
    public Task<List<string>> QueuedElsewhereAsync(string ownerId, int take, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>().AsNoTracking()
            .Where(t => t.Status == OperationStatus.NotStarted && (t.OwnerId == null || t.OwnerId != ownerId))
            .OrderBy(t => t.StartTicks).ThenBy(t => t.Id).Select(t => t.Id).Take(take).ToListAsync(cancellationToken));

    /// <summary>
    /// Queued or running tasks whose lease has lapsed (or that never had one) end Failed with <paramref name="errorsJson"/>:
    /// the process that held them stopped.
    /// </summary>
    public Task<int> FailLapsedAsync(string errorsJson, long leaseNowTicks, long nowTicks, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>()
            .Where(t => (t.Status == OperationStatus.NotStarted || t.Status == OperationStatus.InProgress)
                && (t.LeaseExpiresTicks == null || t.LeaseExpiresTicks < leaseNowTicks))
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, OperationStatus.Failed)
                .SetProperty(t => t.ErrorsJson, errorsJson)
                .SetProperty(t => t.FinishedTicks, nowTicks)
                .SetProperty(t => t.LastUpdateTicks, nowTicks), cancellationToken));

    /// <summary>
    /// Takes (or keeps) the lease <paramref name="name"/> for <paramref name="ownerId"/> until <paramref name="untilTicks"/>:
    /// true when this process holds it now. One conditional UPDATE decides between processes.
    /// </summary>
    public async Task<bool> TryTakeLeaseAsync(string name, string ownerId, long nowTicks, long untilTicks, CancellationToken cancellationToken)
    {
        var taken = await scopes.WithStoreAsync(db => db.Set<TaskLease>()
            .Where(l => l.Name == name && (l.OwnerId == ownerId || l.ExpiresTicks < nowTicks))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.OwnerId, ownerId).SetProperty(l => l.ExpiresTicks, untilTicks), cancellationToken));
        if (taken == 1)
        {
            return true;
        }
        try
        {
            // The first time: the row does not exist yet. Of two processes inserting it, the key lets one through.
            return await scopes.WithStoreAsync(async db =>
            {
                if (await db.Set<TaskLease>().AnyAsync(l => l.Name == name, cancellationToken))
                {
                    return false;
                }
                db.Add(new TaskLease { Name = name, OwnerId = ownerId, ExpiresTicks = untilTicks });
                return await db.SaveChangesAsync(cancellationToken) == 1;
            });
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    /// <summary>Asks for cancellation; a task that has not started yet ends Cancelled at once.</summary>
    public Task RequestCancelAsync(string id, long nowTicks, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>().Where(t => t.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.CancelRequested, true)
            .SetProperty(t => t.Status, t => t.Status == OperationStatus.NotStarted ? OperationStatus.Cancelled : t.Status)
            .SetProperty(t => t.FinishedTicks, t => t.Status == OperationStatus.NotStarted ? nowTicks : t.FinishedTicks)
            .SetProperty(t => t.LastUpdateTicks, t => t.Status == OperationStatus.NotStarted ? nowTicks : t.LastUpdateTicks), cancellationToken));

    /// <summary>Every queued or running task ends Failed with a problem saying why (a snapshot restore replaced the store under them).</summary>
    public Task<int> FailAbandonedAsync(string errorsJson, long nowTicks, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>()
            .Where(t => t.Status == OperationStatus.NotStarted || t.Status == OperationStatus.InProgress)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, OperationStatus.Failed)
                .SetProperty(t => t.ErrorsJson, errorsJson)
                .SetProperty(t => t.FinishedTicks, nowTicks)
                .SetProperty(t => t.LastUpdateTicks, nowTicks), cancellationToken));

    /// <summary>Leases whose name starts with <paramref name="prefix"/> that have not lapsed at <paramref name="nowTicks"/>.</summary>
    public Task<int> CountLiveLeasesAsync(string prefix, long nowTicks, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskLease>().CountAsync(l => l.Name.StartsWith(prefix) && l.ExpiresTicks >= nowTicks, cancellationToken));

    public Task<int> DropLeaseAsync(string name, string ownerId, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskLease>().Where(l => l.Name == name && l.OwnerId == ownerId).ExecuteDeleteAsync(cancellationToken));

    public Task<int> DeleteFinishedBeforeAsync(long ticks, CancellationToken cancellationToken) =>
        scopes.WithStoreAsync(db => db.Set<TaskRecord>()
            .Where(t => (t.Status == OperationStatus.Completed || t.Status == OperationStatus.Failed || t.Status == OperationStatus.Cancelled) && t.FinishedTicks < ticks)
            .ExecuteDeleteAsync(cancellationToken));
}
