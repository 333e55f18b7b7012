namespace LfRepo.Server.Entries;

/// <summary>What a write does to an existing entry, as far as another feature's rules care.</summary>
public enum EntryWrite
{
    /// <summary>The electronic document or the pages (import over, update, page edits, deleting edoc or pages).</summary>
    Content,

    /// <summary>The entry's name or its parent (rename, move).</summary>
    NameOrLocation,
}

/// <summary>
/// A rule of another feature that may refuse a write before it starts (records refuse content and name changes,
/// closed record folders refuse new entries). Every write path asks the registered guards; they throw the problem.
/// </summary>
public interface IEntryWriteGuard
{
    /// <summary>Throws the problem that refuses <paramref name="write"/> of entry <paramref name="entryId"/>; returns when it may go.</summary>
    Task RequireWritableAsync(int entryId, EntryWrite write, CancellationToken cancellationToken);

    /// <summary>Throws the problem that refuses a new entry (created, imported, copied or moved) in folder <paramref name="folderId"/>.</summary>
    Task RequireFilableAsync(int folderId, CancellationToken cancellationToken);
}
