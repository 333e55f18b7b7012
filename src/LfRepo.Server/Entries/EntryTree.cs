using System.Data.Common;
using LfRepo.Server.Documents;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;
using LfRepo.Server.Tasks;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Entries;

/// <summary>
/// Subtree work — copy and delete — as set-based SQL in transactional batches. A copy goes top-down one depth
/// at a time, a delete bottom-up, so a crash or a cancel between batches never leaves an entry whose parent is
/// missing; what was done stays done.
/// </summary>
public sealed class EntryTree(StoreConnection store, EntryReader reader, EntryCache cache, EntryAccess access, ContentStore content, TimeProvider clock, IOptions<TaskOptions> options,
    IEnumerable<IEntryWriteGuard> guards, IEnumerable<IPageDependents> pageDependents)
{
    /// <summary>Checks a copy before it is queued: the source exists, the destination is a folder outside the source.</summary>
    public async Task<EntryRecord> CheckCopyAsync(int destinationId, CopyEntryRequest request, string user, CancellationToken cancellationToken)
    {
        EntryNames.Validate(request.Name);
        if (request.SourceId is not { } sourceId)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "sourceId is required: the id of the entry to copy.");
        }
        var principal = access.Principal(user);
        var source = await reader.FindAsync(sourceId, cancellationToken);
        if (source is null || !await access.CanBrowseAsync(principal, sourceId, cancellationToken))
        {
            throw new ApiProblemException(ProblemCatalog.EntryNotFound, $"The entry to copy, entry {sourceId}, does not exist.");
        }
        await access.RequireAsync(principal, sourceId, EntryRight.Read, cancellationToken);
        var destination = await reader.FindAsync(destinationId, cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.EntryNotFound, $"The destination folder, entry {destinationId}, does not exist.");
        EntryService.RequireFolder(destination);
        await access.RequireAsync(principal, destinationId, EntryService.CreateRight(source.EntryType), cancellationToken);
        foreach (var guard in guards)
        {
            await guard.RequireFilableAsync(destinationId, cancellationToken);
        }
        if (source.IsContainer && destination.IsSameOrBelow(source))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidCopy, $"Folder {source.Id} cannot be copied into itself or one of its subfolders.");
        }
        return source;
    }

    /// <summary>Copies an entry and, for a folder, everything below it; returns the id of the copy.</summary>
    public async Task<int> CopyAsync(int destinationId, CopyEntryRequest request, string user, TaskContext? context, CancellationToken cancellationToken)
    {
        var source = await CheckCopyAsync(destinationId, request, user, cancellationToken);
        var destination = await reader.GetAsync(destinationId, cancellationToken);
        var name = request.Name!;

        await using var connection = await store.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE IF NOT EXISTS CopyPlan (Ord INTEGER PRIMARY KEY, OldId INTEGER NOT NULL UNIQUE, NewId INTEGER, Depth INTEGER NOT NULL);
            DELETE FROM CopyPlan;
            """, null, cancellationToken);
        await using (var plan = connection.CreateCommand())
        {
            plan.CommandText = """
                INSERT INTO CopyPlan (Ord, OldId, Depth)
                WITH RECURSIVE subtree(Id, Depth) AS (
                    SELECT @source, 0
                    UNION ALL SELECT e.Id, s.Depth + 1 FROM Entries e JOIN subtree s ON e.ParentId = s.Id WHERE @container = 1)
                SELECT ROW_NUMBER() OVER (ORDER BY Depth, Id), Id, Depth FROM subtree
                """;
            plan.AddWithValue("@source", source.Id);
            plan.AddWithValue("@container", source.IsContainer);
            await plan.ExecuteNonQueryAsync(cancellationToken);
        }
        if (source.IsContainer && EntryAccess.VisibleAmongCandidates(access.Principal(user)) is { } visible)
        {
            // What the caller cannot browse is not copied, and neither is anything below it.
            await using var prune = connection.CreateCommand();
            prune.CommandText = $"""
                WITH RECURSIVE sec_candidates(Id) AS (SELECT OldId FROM CopyPlan),
                {visible.Sql},
                hidden(Path) AS (SELECT e.FullPath FROM CopyPlan p JOIN Entries e ON e.Id = p.OldId WHERE p.OldId NOT IN (SELECT Id FROM sec_visible))
                DELETE FROM CopyPlan WHERE OldId IN (
                    SELECT e.Id FROM CopyPlan p JOIN Entries e ON e.Id = p.OldId JOIN hidden h
                    ON e.FullPath = h.Path OR substr(e.FullPath, 1, length(h.Path) + 1) = h.Path || '\');
                CREATE TEMP TABLE CopyPlanKept AS SELECT ROW_NUMBER() OVER (ORDER BY Ord) AS Ord, OldId, Depth FROM CopyPlan;
                DELETE FROM CopyPlan;
                INSERT INTO CopyPlan (Ord, OldId, Depth) SELECT Ord, OldId, Depth FROM CopyPlanKept;
                DROP TABLE CopyPlanKept;
                """;
            visible.Bind(prune);
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }
        var batches = await PlanBatchesAsync(connection, "CopyPlan", cancellationToken);
        var total = batches.Sum(b => b.To - b.From + 1);

        var now = clock.GetUtcNow().UtcTicks;
        string rootName = "", rootPath = "";
        long copied = 0;
        var first = true;
        foreach (var (from, to) in batches)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (first)
            {
                // The copy's ids are reserved, and then its own name chosen, in the first batch's transaction, so
                // concurrent copies into one folder each get their own name and ids (on PostgreSQL the reservation
                // holds the table against other writers until the commit, so the name is chosen after theirs).
                var lastId = await store.Dialect.ReserveIdsAsync(connection, transaction, "Entries", total, cancellationToken);
                rootName = await EntrySql.ChooseNameAsync(connection, transaction, destination.Id, name, request.AutoRename, null, cancellationToken);
                rootPath = EntryRecord.ChildPath(destination.FullPath, rootName);
                await connection.ExecuteAsync($"UPDATE CopyPlan SET NewId = {lastId - total} + Ord;", transaction, cancellationToken);
                first = false;
            }
            copied += await InsertBatchAsync(connection, transaction, (from, to), source, destination.Id, (rootName, rootPath), user, now, request.VolumeName, cancellationToken);
            await CopyMetadataBatchAsync(connection, transaction, (from, to), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (context is not null)
            {
                await PauseAsync(context);
                await context.ReportProgressAsync(copied, total);
            }
        }
        await CopyLinksAsync(connection, cancellationToken);
        return (int)await connection.ScalarAsync("SELECT NewId FROM CopyPlan WHERE Ord = 1", null, cancellationToken);
    }

    /// <summary>Field values and tags of the batch's copied entries go with them, in the same transaction.</summary>
    private static async Task CopyMetadataBatchAsync(DbConnection connection, DbTransaction transaction, (long From, long To) batch, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO EntryFields (EntryId, FieldId, Position, Value)
            SELECT p.NewId, f.FieldId, f.Position, f.Value
            FROM CopyPlan p JOIN EntryFields f ON f.EntryId = p.OldId
            WHERE p.Ord BETWEEN @from AND @to AND EXISTS (SELECT 1 FROM Entries x WHERE x.Id = p.NewId);
            INSERT INTO EntryTags (EntryId, TagId)
            SELECT p.NewId, t.TagId
            FROM CopyPlan p JOIN EntryTags t ON t.EntryId = p.OldId
            WHERE p.Ord BETWEEN @from AND @to AND EXISTS (SELECT 1 FROM Entries x WHERE x.Id = p.NewId);
            """;
        command.AddWithValue("@from", batch.From);
        command.AddWithValue("@to", batch.To);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Links of copied entries are copied once, after every batch: an end inside the copied subtree points at its
    /// copy, an end outside stays, so a link between two copied entries becomes a link between their copies.
    /// </summary>
    private static async Task CopyLinksAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync("""
            INSERT INTO EntryLinks (LinkDefinitionId, SourceId, TargetId, CustomPropertiesJson)
            SELECT l.LinkDefinitionId, COALESCE(ps.NewId, l.SourceId), COALESCE(pt.NewId, l.TargetId), l.CustomPropertiesJson
            FROM EntryLinks l
            LEFT JOIN CopyPlan ps ON ps.OldId = l.SourceId
            LEFT JOIN CopyPlan pt ON pt.OldId = l.TargetId
            WHERE l.Id IN (SELECT x.Id FROM CopyPlan p JOIN EntryLinks x ON x.SourceId = p.OldId
                           UNION SELECT x.Id FROM CopyPlan p JOIN EntryLinks x ON x.TargetId = p.OldId)
              AND (ps.NewId IS NULL OR EXISTS (SELECT 1 FROM Entries e WHERE e.Id = ps.NewId))
              AND (pt.NewId IS NULL OR EXISTS (SELECT 1 FROM Entries e WHERE e.Id = pt.NewId));
            """, null, cancellationToken);

    private async Task<long> InsertBatchAsync(
        DbConnection connection, DbTransaction transaction, (long From, long To) batch, EntryRecord source, int destinationId,
        (string Name, string Path) root, string user, long now, string? volumeName, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // A row whose parent copy is missing (its source vanished mid-copy) is skipped rather than orphaned.
        command.CommandText = """
            INSERT INTO Entries (Id, ParentId, Name, NameKey, FullPath, EntryType, Creator, CreationTicks, LastModifiedTicks, VolumeName,
                TemplateId, TemplateName, TargetId, TargetType, Extension, MimeType, ElectronicDocumentSize, IsElectronicDocument, PageCount)
            SELECT p.NewId,
                CASE WHEN p.Depth = 0 THEN @destination ELSE pp.NewId END,
                CASE WHEN p.Depth = 0 THEN @rootName ELSE e.Name END,
                CASE WHEN p.Depth = 0 THEN @rootKey ELSE e.NameKey END,
                CASE WHEN p.Depth = 0 THEN @rootPath ELSE @rootPath || substr(e.FullPath, @sourcePathLength + 1) END,
                e.EntryType, @user, @now, @now, COALESCE(@volume, e.VolumeName),
                e.TemplateId, e.TemplateName, e.TargetId, e.TargetType, e.Extension, e.MimeType, e.ElectronicDocumentSize, e.IsElectronicDocument, e.PageCount
            FROM CopyPlan p
            JOIN Entries e ON e.Id = p.OldId
            LEFT JOIN CopyPlan pp ON pp.OldId = e.ParentId
            WHERE p.Ord BETWEEN @from AND @to
              AND (CASE WHEN p.Depth = 0 THEN EXISTS (SELECT 1 FROM Entries x WHERE x.Id = @destination) ELSE EXISTS (SELECT 1 FROM Entries x WHERE x.Id = pp.NewId) END)
            """;
        command.AddWithValue("@destination", destinationId);
        command.AddWithValue("@rootName", root.Name);
        command.AddWithValue("@rootKey", EntryNames.Key(root.Name));
        command.AddWithValue("@rootPath", root.Path);
        command.AddWithValue("@sourcePathLength", source.FullPath.Length);
        command.AddWithValue("@user", user);
        command.AddWithValue("@now", now);
        command.AddWithValue("@volume", string.IsNullOrWhiteSpace(volumeName) ? DBNull.Value : volumeName);
        command.AddWithValue("@from", batch.From);
        command.AddWithValue("@to", batch.To);
        var copied = await command.ExecuteNonQueryAsync(cancellationToken);

        // Copied documents share their content: only the references are copied.
        await using var references = connection.CreateCommand();
        references.Transaction = transaction;
        references.CommandText = """
            INSERT INTO Edocs (EntryId, Sha256)
            SELECT p.NewId, d.Sha256 FROM CopyPlan p JOIN Edocs d ON d.EntryId = p.OldId
            WHERE p.Ord BETWEEN @from AND @to AND EXISTS (SELECT 1 FROM Entries x WHERE x.Id = p.NewId);
            INSERT INTO Pages (EntryId, PageNumber, ImageSha256, ImageFormat, ImageFrame, Width, Height, TextSha256)
            SELECT p.NewId, g.PageNumber, g.ImageSha256, g.ImageFormat, g.ImageFrame, g.Width, g.Height, g.TextSha256
            FROM CopyPlan p JOIN Pages g ON g.EntryId = p.OldId
            WHERE p.Ord BETWEEN @from AND @to AND EXISTS (SELECT 1 FROM Entries x WHERE x.Id = p.NewId)
            ORDER BY p.NewId, g.PageNumber;
            """;
        references.AddWithValue("@from", batch.From);
        references.AddWithValue("@to", batch.To);
        await references.ExecuteNonQueryAsync(cancellationToken);
        // What the copied pages carry (annotations) is copied onto their copies.
        foreach (var dependent in pageDependents)
        {
            await dependent.CopyForEntriesAsync(connection, transaction,
                "SELECT p.OldId, p.NewId FROM CopyPlan p WHERE p.Ord BETWEEN @from AND @to AND EXISTS (SELECT 1 FROM Entries x WHERE x.Id = p.NewId)",
                pairs => { pairs.AddWithValue("@from", batch.From); pairs.AddWithValue("@to", batch.To); }, cancellationToken);
        }
        return copied;
    }

    /// <summary>
    /// Checks a delete before it is queued. An entry that existed and is gone (an earlier delete task removed it, or
    /// its folder's) is accepted as the real server accepts it: the task then fails with the entry's 404 in its
    /// errors. An id the repository never gave out is a 404 at once.
    /// </summary>
    public async Task CheckDeleteAsync(int entryId, CancellationToken cancellationToken)
    {
        if (entryId == StoreInitializer.RootFolderId)
        {
            throw new ApiProblemException(ProblemCatalog.RootFolderNotDeletable, "The root folder cannot be deleted.");
        }
        if (await reader.FindAsync(entryId, cancellationToken) is null && !await reader.WasGivenOutAsync(entryId, cancellationToken))
        {
            throw EntryReader.NotFound(entryId);
        }
    }

    /// <summary>
    /// Deletes an entry and everything below it, deepest first, as <paramref name="user"/>. Nothing is deleted unless
    /// the user may browse and delete every entry of the subtree (else 403 naming the shallowest that refuses) and no
    /// document in it is locked or checked out by someone else (else 423 naming the holder); both are one query each
    /// over the planned subtree.
    /// </summary>
    public async Task DeleteAsync(int entryId, string user, TaskContext context, CancellationToken cancellationToken)
    {
        if (entryId == StoreInitializer.RootFolderId)
        {
            throw new ApiProblemException(ProblemCatalog.RootFolderNotDeletable, "The root folder cannot be deleted.");
        }
        var entry = await reader.GetAsync(entryId, cancellationToken);
        await using var connection = await store.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE IF NOT EXISTS DeletePlan (Ord INTEGER PRIMARY KEY, Id INTEGER NOT NULL UNIQUE, Depth INTEGER NOT NULL);
            DELETE FROM DeletePlan;
            """, null, cancellationToken);
        await using (var plan = connection.CreateCommand())
        {
            plan.CommandText = """
                INSERT INTO DeletePlan (Ord, Id, Depth)
                WITH RECURSIVE subtree(Id, Depth) AS (
                    SELECT @entry, 0
                    UNION ALL SELECT e.Id, s.Depth + 1 FROM Entries e JOIN subtree s ON e.ParentId = s.Id)
                SELECT ROW_NUMBER() OVER (ORDER BY Depth DESC, Id), Id, Depth FROM subtree
                """;
            plan.AddWithValue("@entry", entry.Id);
            await plan.ExecuteNonQueryAsync(cancellationToken);
        }
        await RequireDeletableAsync(connection, entry, user, cancellationToken);
        var total = await connection.ScalarAsync("SELECT COUNT(*) FROM DeletePlan", null, cancellationToken);
        var batchSize = options.Value.BatchSize;

        for (long from = 1, deleted = 0; from <= total; from += batchSize)
        {
            var to = Math.Min(total, from + batchSize - 1);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                // Each batch takes its planned entries with whatever was created below them since the plan was
                // made, so nothing created meanwhile is left without its parent.
                const string ids = "WITH RECURSIVE subtree(Id) AS (SELECT Id FROM DeletePlan WHERE Ord BETWEEN @from AND @to UNION SELECT e.Id FROM Entries e JOIN subtree s ON e.ParentId = s.Id) SELECT Id FROM subtree";
                // Metadata and content references go first, while the subtree can still be walked.
                command.CommandText = $"""
                    DELETE FROM EntryFields WHERE EntryId IN ({ids});
                    DELETE FROM EntryTags WHERE EntryId IN ({ids});
                    DELETE FROM EntryLinks WHERE SourceId IN ({ids});
                    DELETE FROM EntryLinks WHERE TargetId IN ({ids});
                    DELETE FROM Edocs WHERE EntryId IN ({ids});
                    DELETE FROM Pages WHERE EntryId IN ({ids});
                    DELETE FROM DocumentStates WHERE EntryId IN ({ids});
                    DELETE FROM CheckOutPages WHERE EntryId IN ({ids});
                    DELETE FROM DocumentVersions WHERE EntryId IN ({ids});
                    DELETE FROM Entries WHERE Id IN ({ids});
                    """;
                command.AddWithValue("@from", from);
                command.AddWithValue("@to", to);
                if (store.Dialect.UpdateLock.Length > 0)
                {
                    // First wait for creates into the batch's folders to commit (they hold their parent's row), so
                    // the statements below see what they made; later creates find the folder gone.
                    await using var lockRows = connection.CreateCommand();
                    lockRows.Transaction = transaction;
                    lockRows.CommandText = $"SELECT Id FROM Entries WHERE Id IN (SELECT Id FROM DeletePlan WHERE Ord BETWEEN @from AND @to){store.Dialect.UpdateLock}";
                    lockRows.AddWithValue("@from", from);
                    lockRows.AddWithValue("@to", to);
                    await lockRows.ExecuteNonQueryAsync(cancellationToken);
                }
                await command.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            cache.Invalidate();
            deleted = to;
            await PauseAsync(context);
            await context.ReportProgressAsync(deleted, total);
        }
        await content.CollectAsync(cancellationToken);
    }

    /// <summary>The rights and lock checks of a delete over the whole of <c>DeletePlan</c>, before anything is deleted.</summary>
    private async Task RequireDeletableAsync(DbConnection connection, EntryRecord top, string user, CancellationToken cancellationToken)
    {
        var principal = access.Principal(user);
        if (EntryAccess.VisibleAmongCandidates(principal, EntryRight.Browse | EntryRight.Delete) is { } deletable)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                WITH RECURSIVE sec_candidates(Id) AS (SELECT Id FROM DeletePlan),
                {deletable.Sql}
                SELECT p.Id, e.FullPath FROM DeletePlan p JOIN Entries e ON e.Id = p.Id
                WHERE p.Id NOT IN (SELECT Id FROM sec_visible)
                ORDER BY p.Depth, p.Id LIMIT 1
                """;
            deletable.Bind(command);
            (int Id, string Path)? refused = null;
            await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (await rows.ReadAsync(cancellationToken))
                {
                    refused = (rows.GetInt32(0), rows.GetString(1));
                }
            }
            if (refused is { } entry)
            {
                // An entry the user may not browse is not named: for them it does not exist.
                var what = await access.CanBrowseAsync(principal, entry.Id, cancellationToken)
                    ? $"entry {entry.Id} ('{entry.Path}')"
                    : "an entry below it that they cannot see";
                throw new ApiProblemException(ProblemCatalog.AccessDenied,
                    $"User '{principal.UserName}' lacks the Delete right on {what}; entry {top.Id} ('{top.FullPath}') and everything below it were left as they are.");
            }
        }
        await using (var locks = connection.CreateCommand())
        {
            locks.CommandText = """
                SELECT s.EntryId, s.CheckedOutBy, s.LockedBy FROM DeletePlan p JOIN DocumentStates s ON s.EntryId = p.Id
                WHERE s.CheckedOutBy IS NOT NULL AND s.CheckedOutBy <> @user OR s.LockedBy IS NOT NULL AND s.LockedBy <> @user
                ORDER BY p.Depth, p.Id LIMIT 1
                """;
            locks.AddWithValue("@user", user);
            await using var rows = await locks.ExecuteReaderAsync(cancellationToken);
            if (await rows.ReadAsync(cancellationToken))
            {
                var id = rows.GetInt32(0);
                var held = rows.IsDBNull(1) || rows.GetString(1) == user ? $"locked by {rows.GetString(2)}" : $"checked out by {rows.GetString(1)}";
                throw new ApiProblemException(ProblemCatalog.DocumentLocked,
                    $"Document {id} below entry {top.Id} ('{top.FullPath}') is {held}; nothing was deleted.");
            }
        }
    }

    /// <summary>Batches of plan rows, never spanning two depths, so every parent is committed before its children.</summary>
    private async Task<List<(long From, long To)>> PlanBatchesAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var batches = new List<(long, long)>();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MIN(Ord), MAX(Ord) FROM {table} GROUP BY Depth ORDER BY Depth";
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        var batchSize = options.Value.BatchSize;
        while (await rows.ReadAsync(cancellationToken))
        {
            for (var from = rows.GetInt64(0); from <= rows.GetInt64(1); from += batchSize)
            {
                batches.Add((from, Math.Min(rows.GetInt64(1), from + batchSize - 1)));
            }
        }
        return batches;
    }

    private async Task PauseAsync(TaskContext context)
    {
        if (options.Value.BatchDelayMilliseconds > 0)
        {
            await Task.Delay(options.Value.BatchDelayMilliseconds, context.CancellationToken);
        }
        context.CancellationToken.ThrowIfCancellationRequested();
    }
}
