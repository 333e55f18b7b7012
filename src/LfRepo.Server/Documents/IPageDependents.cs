using System.Data.Common;

namespace LfRepo.Server.Documents;

/// <summary>
/// A page row's successor after a page edit: the same page with new content (<see cref="Copy"/> false, what the old
/// row carried moves to the new one) or a copy of it (what the old row carried is copied).
/// </summary>
public readonly record struct PageFollow(int FromPageId, int ToPageId, int ToEntryId, bool Copy);

/// <summary>
/// What other features keep per page row (the annotations). Page rows are replaced when a page's text changes and
/// copied by CopyPages and entry copies; the dependents are told in the edit's own transaction, before replaced rows
/// are deleted (deleting a row deletes what it carries), so they follow their pages. Without the annotations
/// feature nothing depends on pages.
/// </summary>
public interface IPageDependents
{
    Task FollowAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PageFollow> follows, CancellationToken cancellationToken);

    /// <summary>
    /// Copies what the pages of copied documents carry to the pages with the same numbers in their copies.
    /// <paramref name="pairsSql"/> selects the (OldId, NewId) entry pairs; <paramref name="bind"/> adds its parameters.
    /// </summary>
    Task CopyForEntriesAsync(DbConnection connection, DbTransaction transaction, string pairsSql, Action<DbCommand> bind, CancellationToken cancellationToken);
}

public sealed class NoPageDependents : IPageDependents
{
    public Task FollowAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PageFollow> follows, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task CopyForEntriesAsync(DbConnection connection, DbTransaction transaction, string pairsSql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
