using System.Data.Common;
using LfRepo.Server.Storage;
using Nito.AsyncEx;

namespace LfRepo.Server.Metadata;

/// <summary>
/// Keeps field values and the definitions they are checked against in step. A value is validated against the
/// <see cref="MetadataCatalog"/> and stored in the form its field prescribes; a definition change (a type change,
/// a merge, a deletion) converts or drops the values already stored. Writers of values hold the gate shared from
/// validation to commit, and <see cref="DefinitionWriter"/> holds it alone from its first read to the catalogue
/// reload, so a value checked against the old definition is never stored after the new one took over. Holds are
/// not re-entrant: code holding the gate must not ask for it again. While other processes share the store
/// (<see cref="StorePeers"/>) the gate is also a store lock every process sees, and a hold first reads again the
/// definitions another process changed.
/// </summary>
public sealed class DefinitionGate(StoreConnection store, StorePeers peers, StoreGenerations generations)
{
    /// <summary>The store lock's key: "LfDefs" in ASCII.</summary>
    private const long StoreLockKey = 0x4C_66_44_65_66_73;

    private readonly AsyncReaderWriterLock _lock = new();

    /// <summary>A shared hold, for validating and writing field values; dispose it after the commit.</summary>
    public Task<IAsyncDisposable> HoldForValuesAsync(CancellationToken cancellationToken) => HoldAsync(shared: true, cancellationToken);

    /// <summary>The exclusive hold, for changing definitions.</summary>
    public Task<IAsyncDisposable> HoldForDefinitionsAsync(CancellationToken cancellationToken) => HoldAsync(shared: false, cancellationToken);

    private async Task<IAsyncDisposable> HoldAsync(bool shared, CancellationToken cancellationToken)
    {
        var local = shared ? await _lock.ReaderLockAsync(cancellationToken) : await _lock.WriterLockAsync(cancellationToken);
        if (!peers.Shared)
        {
            return new Hold(local, null, null);
        }
        DbConnection? connection = null;
        IAsyncDisposable? acrossProcesses = null;
        try
        {
            connection = await store.OpenAsync(cancellationToken);
            acrossProcesses = await store.Dialect.LockAsync(connection, StoreLockKey, shared, cancellationToken);
            await generations.CatchUpAsync(cancellationToken);
            return new Hold(local, acrossProcesses, connection);
        }
        catch
        {
            await new Hold(local, acrossProcesses, connection).DisposeAsync();
            throw;
        }
    }

    private sealed class Hold(IDisposable local, IAsyncDisposable? acrossProcesses, DbConnection? connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (acrossProcesses is not null)
                {
                    await acrossProcesses.DisposeAsync();
                }
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
                local.Dispose();
            }
        }
    }
}
