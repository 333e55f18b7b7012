namespace LfRepo.Server.Entries;

/// <summary>A rule of another feature that may refuse an entry's deletion before the delete task starts (records are retained).</summary>
public interface IEntryDeleteGuard
{
    /// <summary>Throws the problem that refuses deleting <paramref name="entryId"/> and what lies below it; returns when it may go.</summary>
    Task RequireDeletableAsync(int entryId, CancellationToken cancellationToken);
}
