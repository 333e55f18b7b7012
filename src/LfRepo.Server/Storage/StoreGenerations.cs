using System.Collections.Concurrent;
using System.Data.Common;

namespace LfRepo.Server.Storage;

/// <summary>
/// A copy of store rows a process keeps in memory (the definitions catalogue, the user directory), with the name of
/// the <see cref="StoreGenerationRecord"/> its writers count up.
/// </summary>
public interface IStoreFollower
{
    string Generation { get; }

    /// <summary>Reads the rows again from the store.</summary>
    Task ReloadAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Keeps the in-memory copies of one process in step with writes made by the others. While the store is not shared
/// (<see cref="StorePeers"/>) every write goes through this process, which reloads its copies itself, and
/// <see cref="CatchUpAsync"/> costs nothing. While it is shared, every request (and every task) first reads the
/// generation counters, one query, and reloads each copy whose counter moved since it was read.
/// </summary>
public sealed class StoreGenerations
{
    private readonly StoreConnection _store;
    private readonly StorePeers _peers;
    private readonly IStoreFollower[] _followers;
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reloading = new(1, 1);

    public StoreGenerations(StoreConnection store, StorePeers peers, IEnumerable<IStoreFollower> followers)
    {
        _store = store;
        _peers = peers;
        _followers = [.. followers];
        // Writes made before this process learned of its peers were not counted as seen: read everything again.
        peers.Changed += _seen.Clear;
    }

    /// <summary>Counts a generation up, in the transaction of the write that changes its rows.</summary>
    public static async Task BumpAsync(DbConnection connection, DbTransaction? transaction, string generation, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {StoreGenerationConfiguration.Table} (Name, Value) VALUES (@name, 1)
            ON CONFLICT (Name) DO UPDATE SET Value = {StoreGenerationConfiguration.Table}.Value + 1
            """;
        command.AddWithValue("@name", generation);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Counts every followed generation up: after the whole store was replaced (a reset, a restored snapshot).</summary>
    public async Task BumpAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        foreach (var follower in _followers)
        {
            await BumpAsync(connection, null, follower.Generation, cancellationToken);
        }
    }

    /// <summary>Reloads what other processes changed since this one read it; nothing to do while the store is not shared.</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken) =>
        _peers.Shared && _followers.Length > 0 ? CatchUpSharedAsync(cancellationToken) : Task.CompletedTask;

    private async Task CatchUpSharedAsync(CancellationToken cancellationToken)
    {
        var current = await ReadAsync(cancellationToken);
        if (_followers.All(f => IsCurrent(f, current)))
        {
            return;
        }
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            foreach (var follower in _followers.Where(f => !IsCurrent(f, current)))
            {
                // Read before the reload: a write landing meanwhile moves the counter past it, and is read next time.
                await follower.ReloadAsync(CancellationToken.None);
                _seen[follower.Generation] = current.GetValueOrDefault(follower.Generation);
            }
        }
        finally
        {
            _reloading.Release();
        }
    }

    private bool IsCurrent(IStoreFollower follower, Dictionary<string, long> current) =>
        _seen.TryGetValue(follower.Generation, out var seen) && seen == current.GetValueOrDefault(follower.Generation);

    private async Task<Dictionary<string, long>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Name, Value FROM {StoreGenerationConfiguration.Table}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            values[reader.GetString(0)] = reader.GetInt64(1);
        }
        return values;
    }
}

public static class StoreGenerationExtensions
{
    /// <summary>Before authentication (which reads the user directory): the request sees what other processes wrote.</summary>
    public static IApplicationBuilder UseStoreGenerations(this IApplicationBuilder app)
    {
        var generations = app.ApplicationServices.GetRequiredService<StoreGenerations>();
        return app.Use((context, next) =>
        {
            var catchUp = generations.CatchUpAsync(context.RequestAborted);
            return catchUp.IsCompletedSuccessfully ? next(context) : AfterAsync(catchUp, context, next);
        });

        static async Task AfterAsync(Task catchUp, HttpContext context, RequestDelegate next)
        {
            await catchUp;
            await next(context);
        }
    }
}
