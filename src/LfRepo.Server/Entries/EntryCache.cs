using System.Collections.Concurrent;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Entries;

/// <summary>
/// Entries by id as last read from the store, so GetEntry — the call clients make most — skips SQLite.
/// Every write that changes existing entries calls <see cref="Invalidate"/> after it commits; a read that began
/// before an invalidation is not cached (the version check), so the cache never outlives the data it copies.
/// Cached records are shared: treat what <see cref="EntryReader"/> returns as read-only. While another process
/// serves the same store (<see cref="StorePeers"/>) its writes would not invalidate this cache, so it serves nothing
/// and keeps nothing then.
/// </summary>
public sealed class EntryCache
{
    private readonly StorePeers _peers;

    public EntryCache(StorePeers peers)
    {
        _peers = peers;
        peers.Changed += Invalidate;
    }

    private const int Capacity = 200_000;
    private readonly ConcurrentDictionary<int, EntryRecord> _entries = new();
    private long _version;

    /// <summary>Take before reading the store; pass to <see cref="Add"/>.</summary>
    public long Version => Volatile.Read(ref _version);

    public bool TryGet(int id, out EntryRecord entry)
    {
        if (_peers.Shared)
        {
            entry = null!;
            return false;
        }
        return _entries.TryGetValue(id, out entry!);
    }

    public void Add(EntryRecord entry, long versionWhenRead)
    {
        if (versionWhenRead != Version || _peers.Shared)
        {
            return;
        }
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }
        _entries[entry.Id] = entry;
        if (versionWhenRead != Version)
        {
            _entries.TryRemove(entry.Id, out _);
        }
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _entries.Clear();
    }
}
