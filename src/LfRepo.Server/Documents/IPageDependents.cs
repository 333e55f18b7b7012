using System.Data.Common;

namespace LfRepo.Server.Documents;

/// <summary>How a new page row relates to the row it follows.</summary>
public enum PageChange
{
    /// <summary>A copy of the page: the old row stays, with what it carries.</summary>
    Copied,

    /// <summary>The same page with the same text, in a new row (a check-out undone): the old row goes.</summary>
    Moved,

    /// <summary>The same page with a new text, in a new row: the old row goes, and text offsets into it mean nothing now.</summary>
    TextReplaced,
}

/// <summary>A page row's successor after a page edit.</summary>
public readonly record struct PageFollow(int FromPageId, int ToPageId, int ToEntryId, PageChange Change);

/// <summary>
/// What other features keep per page row (the annotations). Page rows are replaced when a page's text changes and
/// copied by CopyPages and entry copies; the dependents are told in the edit's own transaction, before replaced rows
/// are deleted (deleting a row deletes what it carries), so they follow their pages. Every registered one is told.
/// </summary>
public interface IPageDependents
{
    Task FollowAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PageFollow> follows, CancellationToken cancellationToken);

    /// <summary>
    /// Copies what the pages of copied documents carry to the pages with the same numbers in their copies.
    /// <paramref name="pairsSql"/> selects the (OldId, NewId) entry pairs; <paramref name="bind"/> adds its parameters.
    /// </summary>
    Task CopyForEntriesAsync(DbConnection connection, DbTransaction transaction, string pairsSql, Action<DbCommand> bind, CancellationToken cancellationToken);

    /// <summary>
    /// The page's image was turned clockwise by <paramref name="degrees"/> (90, 180 or 270); it was
    /// <paramref name="width"/> × <paramref name="height"/> pixels before. In the rotation's transaction.
    /// </summary>
    Task RotatedAsync(DbConnection connection, DbTransaction transaction, int pageId, int degrees, int width, int height, CancellationToken cancellationToken);
}

/// <summary>SQL both page dependents use when documents are copied.</summary>
public static class PageDependentCopies
{
    /// <summary>
    /// Runs <paramref name="insertSql"/> (which copies the rows of <paramref name="table"/> onto the copied pages), after one
    /// probe: most stores have no rows in the table, and the probe spares them the join over the copied pages.
    /// </summary>
    public static async Task InsertAsync(
        DbConnection connection, DbTransaction transaction, string table, string insertSql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT EXISTS (SELECT 1 FROM {table})";
        if (!Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken)))
        {
            return;
        }
        command.CommandText = insertSql;
        bind(command);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
