using System.Data.Common;
using LfRepo.Server.Documents;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Search;

/// <summary>
/// Keeps the texts search sees instead of a page's own (<see cref="SearchTextIndex.PageTexts"/>) on their pages
/// through page edits: a copied page, or a page moved to a new row with the same text, keeps its redacted words out of
/// search; a page with a new text is searched in full (its redactions' text spans are gone with the old text).
/// </summary>
public sealed class SearchPageTexts : IPageDependents
{
    private const string Table = SearchTextIndex.PageTexts;

    public async Task FollowAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PageFollow> follows, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {Table} (PageId, Sha256, Text) SELECT @to, Sha256, Text FROM {Table} WHERE PageId = @from
            ON CONFLICT (PageId) DO NOTHING
            """;
        var from = command.AddParameter("@from");
        var to = command.AddParameter("@to");
        foreach (var follow in follows.Where(f => f.Change != PageChange.TextReplaced))
        {
            (from.Value, to.Value) = (follow.FromPageId, follow.ToPageId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task CopyForEntriesAsync(DbConnection connection, DbTransaction transaction, string pairsSql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        PageDependentCopies.InsertAsync(connection, transaction, Table, $"""
            INSERT INTO {Table} (PageId, Sha256, Text)
            SELECT np.Id, r.Sha256, r.Text
            FROM ({pairsSql}) c
            JOIN Pages op ON op.EntryId = c.OldId
            JOIN Pages np ON np.EntryId = c.NewId AND np.PageNumber = op.PageNumber
            JOIN {Table} r ON r.PageId = op.Id
            WHERE TRUE
            ON CONFLICT (PageId) DO NOTHING
            """, bind, cancellationToken);

    /// <summary>Turning the image changes nothing in the text search sees.</summary>
    public Task RotatedAsync(DbConnection connection, DbTransaction transaction, int pageId, int degrees, int width, int height, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
