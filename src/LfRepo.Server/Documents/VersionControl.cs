using System.Data.Common;
using System.Text.Json;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Documents;

/// <summary>
/// Version control of documents: putting one under version control, check-out (which keeps the edoc, pages and
/// metadata as they are, for UndoCheckOut to put back), check-in (a new version) and undoing a check-out.
/// </summary>
public sealed class VersionControl(
    StoreConnection store, DocumentStore documents, DocumentLocks locks, MetadataService metadata, ContentStore content, EntryReader reader, EntryCache cache,
    IEnumerable<IPageDependents> dependents, TimeProvider clock)
{
    /// <summary>Puts the document under version control as version 1; a no-op when it already is.</summary>
    public async Task<EntryRecord> PutUnderVersionControlAsync(int entryId, string user, CancellationToken cancellationToken)
    {
        await documents.GetDocumentAsync(entryId, cancellationToken);
        await locks.RequireWritableAsync(entryId, LockExtent.All, user, cancellationToken);
        await WriteAsync(async (connection, transaction) =>
        {
            await DocumentLocks.EnsureStateAsync(connection, transaction, entryId, cancellationToken);
            await connection.ExecuteAsync(
                $"UPDATE DocumentStates SET IsUnderVersionControl = 1, CurrentVersion = {store.Dialect.Greatest("CurrentVersion", "1")} WHERE EntryId = {entryId}", transaction, cancellationToken);
            await AddVersionAsync(connection, transaction, entryId, user, clock.GetUtcNow().UtcTicks, null, cancellationToken);
        }, cancellationToken);
        return await reader.GetAsync(entryId, cancellationToken);
    }

    /// <summary>Checks the document out to the user, with a persistent lock (extent All) unless <paramref name="withLock"/> is false.</summary>
    public async Task<EntryRecord> CheckOutAsync(int entryId, bool withLock, string? comment, string user, CancellationToken cancellationToken)
    {
        await documents.GetDocumentAsync(entryId, cancellationToken);
        // A check-out exists to change the content at check-in: what may not take content changes (a record) is refused here.
        await locks.RequireContentChangeableAsync(entryId, cancellationToken);
        await WriteAsync(async (connection, transaction) =>
        {
            var state = await DocumentLocks.FindAsync(connection, transaction, entryId, cancellationToken);
            if (state is not { IsUnderVersionControl: true })
            {
                throw new ApiProblemException(ProblemCatalog.VersionControlConflict, $"Document {entryId} is not under version control; put it under version control before checking it out.");
            }
            if (state.CheckedOutBy == user)
            {
                throw new ApiProblemException(ProblemCatalog.VersionControlConflict, $"Document {entryId} is already checked out by you.");
            }
            DocumentLocks.RequireWritable(entryId, state, LockExtent.All, user);
            var snapshot = new DocumentSnapshot(await ReadDocumentColumnsAsync(connection, transaction, entryId, cancellationToken),
                await MetadataService.SnapshotAsync(connection, transaction, entryId, cancellationToken));
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    UPDATE DocumentStates SET CheckedOutBy = @user, CheckOutComment = @comment, CheckOutSnapshotJson = @snapshot,
                        CheckOutEdocSha256 = (SELECT Sha256 FROM Edocs WHERE EntryId = @entry)
                    WHERE EntryId = @entry;
                    DELETE FROM CheckOutPages WHERE EntryId = @entry;
                    INSERT INTO CheckOutPages (EntryId, PageNumber, ImageSha256, ImageFormat, ImageFrame, Width, Height, TextSha256)
                    SELECT EntryId, PageNumber, ImageSha256, ImageFormat, ImageFrame, Width, Height, TextSha256 FROM Pages WHERE EntryId = @entry;
                    """;
                command.AddWithValue("@entry", entryId);
                command.AddWithValue("@user", user);
                command.AddWithValue("@comment", (object?)comment ?? DBNull.Value);
                command.AddWithValue("@snapshot", JsonSerializer.Serialize(snapshot));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            if (withLock && state.LockedBy is null)
            {
                await locks.LockAsync(connection, transaction, entryId, user, comment, LockExtent.All, cancellationToken);
            }
        }, cancellationToken);
        return await reader.GetAsync(entryId, cancellationToken);
    }

    /// <summary>Checks the document in as a new version; releases the user's lock unless <paramref name="unlock"/> is false.</summary>
    public async Task<EntryRecord> CheckInAsync(int entryId, bool unlock, string user, CancellationToken cancellationToken)
    {
        await documents.GetDocumentAsync(entryId, cancellationToken);
        await WriteAsync(async (connection, transaction) =>
        {
            var state = await RequireCheckedOutByAsync(connection, transaction, entryId, user, "checked in", cancellationToken);
            await ForgetCheckOutAsync(connection, transaction, entryId, cancellationToken);
            await connection.ExecuteAsync($"UPDATE DocumentStates SET CurrentVersion = CurrentVersion + 1 WHERE EntryId = {entryId}", transaction, cancellationToken);
            await AddVersionAsync(connection, transaction, entryId, user, clock.GetUtcNow().UtcTicks, state.CheckOutComment, cancellationToken);
            if (unlock && state.LockedBy == user)
            {
                await DocumentLocks.ReleaseAsync(connection, transaction, entryId, cancellationToken);
            }
        }, cancellationToken);
        return await reader.GetAsync(entryId, cancellationToken);
    }

    /// <summary>The document's page rows: id to page number and text.</summary>
    private static async Task<Dictionary<int, (int Number, string? Text)>> PageRowsAsync(DbConnection connection, DbTransaction transaction, int entryId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT Id, PageNumber, TextSha256 FROM Pages WHERE EntryId = @entry";
        command.AddWithValue("@entry", entryId);
        var rows = new Dictionary<int, (int, string?)>();
        await using var found = await command.ExecuteReaderAsync(cancellationToken);
        while (await found.ReadAsync(cancellationToken))
        {
            rows[found.GetInt32(0)] = (found.GetInt32(1), found.IsDBNull(2) ? null : found.GetString(2));
        }
        return rows;
    }

    /// <summary>Ends the check-out without a new version: the edoc, pages and metadata go back to what they were at check-out; the lock is released.</summary>
    public async Task<EntryRecord> UndoCheckOutAsync(int entryId, string user, CancellationToken cancellationToken)
    {
        await documents.GetDocumentAsync(entryId, cancellationToken);
        await using var hold = await metadata.HoldDefinitionsAsync(cancellationToken);
        await WriteAsync(async (connection, transaction) =>
        {
            var state = await DocumentLocks.FindAsync(connection, transaction, entryId, cancellationToken);
            if (state is not { IsUnderVersionControl: true })
            {
                throw new ApiProblemException(ProblemCatalog.VersionControlConflict, $"Document {entryId} is not under version control.");
            }
            state = await RequireCheckedOutByAsync(connection, transaction, entryId, user, "undone", cancellationToken);
            var snapshot = JsonSerializer.Deserialize<DocumentSnapshot>(state.CheckOutSnapshotJson!)!;
            var d = snapshot.Document;
            var replaced = await PageRowsAsync(connection, transaction, entryId, cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO Pages (EntryId, PageNumber, ImageSha256, ImageFormat, ImageFrame, Width, Height, TextSha256)
                    SELECT EntryId, PageNumber, ImageSha256, ImageFormat, ImageFrame, Width, Height, TextSha256 FROM CheckOutPages WHERE EntryId = @entry ORDER BY PageNumber;
                    """;
                command.AddWithValue("@entry", entryId);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            // What the pages carried (annotations) stays on the page with the same number, if the restored document has it.
            var restored = (await PageRowsAsync(connection, transaction, entryId, cancellationToken)).Where(p => !replaced.ContainsKey(p.Key)).ToDictionary(p => p.Value.Number, p => (Id: p.Key, p.Value.Text));
            var follows = replaced.Where(p => restored.ContainsKey(p.Value.Number)).Select(p =>
            {
                var next = restored[p.Value.Number];
                return new PageFollow(p.Key, next.Id, entryId, next.Text == p.Value.Text ? PageChange.Moved : PageChange.TextReplaced);
            }).ToList();
            if (follows.Count > 0)
            {
                foreach (var dependent in dependents)
                {
                    await dependent.FollowAsync(connection, transaction, follows, cancellationToken);
                }
            }
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = $"""
                    DELETE FROM Edocs WHERE EntryId = @entry;
                    INSERT INTO Edocs (EntryId, Sha256) SELECT EntryId, CheckOutEdocSha256 FROM DocumentStates WHERE EntryId = @entry AND CheckOutEdocSha256 IS NOT NULL;
                    DELETE FROM Pages WHERE EntryId = @entry AND Id IN ({(replaced.Count == 0 ? "0" : string.Join(",", replaced.Keys))});
                    UPDATE Entries SET Extension = @extension, MimeType = @mime, ElectronicDocumentSize = @size, IsElectronicDocument = @isEdoc, PageCount = @pages,
                        LastModifiedTicks = @modified
                    WHERE Id = @entry;
                    """;
                command.AddWithValue("@entry", entryId);
                command.AddWithValue("@extension", d.Extension);
                command.AddWithValue("@mime", d.MimeType);
                command.AddWithValue("@size", d.ElectronicDocumentSize);
                command.AddWithValue("@isEdoc", d.IsElectronicDocument);
                command.AddWithValue("@pages", d.PageCount);
                command.AddWithValue("@modified", d.LastModifiedTicks);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await metadata.RestoreAsync(connection, transaction, entryId, snapshot.MetadataJson, cancellationToken);
            await ForgetCheckOutAsync(connection, transaction, entryId, cancellationToken);
            await DocumentLocks.ReleaseAsync(connection, transaction, entryId, cancellationToken);
        }, cancellationToken);
        await content.CollectAsync(CancellationToken.None);
        return await reader.GetAsync(entryId, cancellationToken);
    }

    /// <summary>
    /// Called by every content write in its transaction: a document under version control that is not checked out
    /// gets a new version for the change (the write is its own check-out and check-in).
    /// </summary>
    public static async Task RecordChangeAsync(
        DbConnection connection, DbTransaction transaction, int entryId, string user, long nowTicks, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE DocumentStates SET CurrentVersion = CurrentVersion + 1 WHERE EntryId = @entry AND IsUnderVersionControl = 1 AND CheckedOutBy IS NULL";
        command.AddWithValue("@entry", entryId);
        if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
        {
            await AddVersionAsync(connection, transaction, entryId, user, nowTicks, null, cancellationToken);
        }
    }

    /// <summary>The document's versions, oldest first (a row per version its currentVersion counts).</summary>
    public async Task<IReadOnlyList<DocumentVersionRecord>> ListVersionsAsync(int entryId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Version, CreatedBy, CreatedTicks, Comment FROM DocumentVersions WHERE EntryId = @entry ORDER BY Version";
        command.AddWithValue("@entry", entryId);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<DocumentVersionRecord>();
        while (await rows.ReadAsync(cancellationToken))
        {
            versions.Add(new DocumentVersionRecord
            {
                EntryId = entryId,
                Version = rows.GetInt32(0),
                CreatedBy = rows.GetString(1),
                CreatedTicks = rows.GetInt64(2),
                Comment = rows.IsDBNull(3) ? null : rows.GetString(3),
            });
        }
        return versions;
    }

    /// <summary>Records the document's current version (a no-op when that version already has its row).</summary>
    private static async Task AddVersionAsync(
        DbConnection connection, DbTransaction transaction, int entryId, string user, long nowTicks, string? comment, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO DocumentVersions (EntryId, Version, CreatedBy, CreatedTicks, Comment)
            SELECT EntryId, CurrentVersion, @user, @now, @comment FROM DocumentStates WHERE EntryId = @entry AND IsUnderVersionControl = 1
            ON CONFLICT DO NOTHING
            """;
        command.AddWithValue("@entry", entryId);
        command.AddWithValue("@user", user);
        command.AddWithValue("@now", nowTicks);
        command.AddWithValue("@comment", comment);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<DocumentStateRecord> RequireCheckedOutByAsync(
        DbConnection connection, DbTransaction transaction, int entryId, string user, string what, CancellationToken cancellationToken)
    {
        var state = await DocumentLocks.FindAsync(connection, transaction, entryId, cancellationToken);
        if (state?.CheckedOutBy is null)
        {
            throw new ApiProblemException(ProblemCatalog.VersionControlConflict, $"Document {entryId} is not checked out.");
        }
        if (state.CheckedOutBy != user)
        {
            throw new ApiProblemException(ProblemCatalog.DocumentLocked,
                $"Document {entryId} is checked out by {state.CheckedOutBy}; only {state.CheckedOutBy} can have the check-out {what}.");
        }
        return state;
    }

    private static Task ForgetCheckOutAsync(DbConnection connection, DbTransaction transaction, int entryId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync($"""
            UPDATE DocumentStates SET CheckedOutBy = NULL, CheckOutComment = NULL, CheckOutSnapshotJson = NULL, CheckOutEdocSha256 = NULL WHERE EntryId = {entryId};
            DELETE FROM CheckOutPages WHERE EntryId = {entryId};
            """, transaction, cancellationToken);

    private static async Task<DocumentColumns> ReadDocumentColumnsAsync(DbConnection connection, DbTransaction transaction, int entryId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT Extension, MimeType, ElectronicDocumentSize, IsElectronicDocument, PageCount, LastModifiedTicks FROM Entries WHERE Id = @entry";
        command.AddWithValue("@entry", entryId);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        await rows.ReadAsync(cancellationToken);
        return new DocumentColumns(rows.GetString(0), rows.GetString(1), rows.GetInt64(2), rows.GetFlag(3), rows.GetInt32(4), rows.GetInt64(5));
    }

    private async Task WriteAsync(Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken)
    {
        await using (var connection = await store.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await write(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
        cache.Invalidate();
    }
}

/// <summary>What a check-out keeps of the document besides its edoc and pages.</summary>
public sealed record DocumentSnapshot(DocumentColumns Document, string MetadataJson);

public sealed record DocumentColumns(string Extension, string MimeType, long ElectronicDocumentSize, bool IsElectronicDocument, int PageCount, long LastModifiedTicks);
