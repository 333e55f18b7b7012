using System.Collections.Concurrent;

namespace LfRepo.Server.Entries;

/// <summary>
/// Entries by id as last read from the store, so GetEntry — the call clients make most — skips SQLite.
/// Every write that changes existing entries calls <see cref="Invalidate"/> after it commits; a read that began
/// before an invalidation is not cached (the version check), so the cache never outlives the data it copies.
/// Cached records are shared: treat what <see cref="EntryReader"/> returns as read-only.
/// </summary>
public sealed class EntryCache
{
    private const int Capacity = 200_000;
    private readonly ConcurrentDictionary<int, EntryRecord> _entries = new();
    private long _version;

    /// <summary>Take before reading the store; pass to <see cref="Add"/>.</summary>
    public long Version => Volatile.Read(ref _version);

    public bool TryGet(int id, out EntryRecord entry) => _entries.TryGetValue(id, out entry!);

    public void Add(EntryRecord entry, long versionWhenRead)
    {
        if (versionWhenRead != Version)
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
