using LfRepo.Server.Hosting;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Entries;

/// <summary>
/// The write rules of the entry tree: create folders and shortcuts, move and rename. Creating is a hot path
/// (clients and seeders create thousands of entries) and runs on plain SQLite; moves use EF Core.
/// </summary>
public sealed class EntryService(
    LfRepoDbContext db,
    StoreConnection store,
    EntryReader reader,
    EntryCache cache,
    TimeProvider clock,
    IOptions<EmulatorOptions> options)
{
    private const int MaxNameAttempts = 8;

    public async Task<EntryRecord> CreateAsync(int parentId, CreateEntryRequest request, string user, CancellationToken cancellationToken)
    {
        var name = EntryNames.Validate(request.Name);
        var type = request.EntryType switch
        {
            EntryTypeName.Folder => EntryType.Folder,
            EntryTypeName.Shortcut => EntryType.Shortcut,
            null => throw new ApiProblemException(ProblemCatalog.InvalidRequest, "entryType is required: Folder or Shortcut."),
            _ => throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"CreateEntry makes folders and shortcuts, not a {request.EntryType}; import documents with ImportEntry."),
        };

        var parent = await reader.GetAsync(parentId, cancellationToken);
        RequireFolder(parent);

        EntryRecord? target = null;
        if (type == EntryType.Shortcut)
        {
            if (request.TargetId is not { } targetId || targetId <= 0)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "targetId is required to create a shortcut.");
            }
            target = await reader.FindAsync(targetId, cancellationToken)
                ?? throw new ApiProblemException(ProblemCatalog.EntryNotFound, $"The shortcut target, entry {targetId}, does not exist.");
        }

        var now = clock.GetUtcNow().UtcTicks;
        await using var connection = await store.OpenAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var chosen = await EntrySql.ChooseNameAsync(connection, null, parent.Id, name, request.AutoRename, exceptId: null, cancellationToken);
            var record = new EntryRecord
            {
                ParentId = parent.Id,
                Name = chosen,
                NameKey = EntryNames.Key(chosen),
                FullPath = EntryRecord.ChildPath(parent.FullPath, chosen),
                EntryType = type,
                Creator = user,
                CreationTicks = now,
                LastModifiedTicks = now,
                VolumeName = string.IsNullOrWhiteSpace(request.VolumeName) ? options.Value.DefaultVolumeName : request.VolumeName,
                TargetId = target?.Id,
                TargetType = target?.EntryType,
                Extension = target?.EntryType == EntryType.Document ? target.Extension : "",
            };
            try
            {
                record.Id = await EntrySql.InsertAsync(connection, record, cancellationToken);
                return record;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == EntrySql.SqliteConstraint)
            {
                // Another request took the name between our check and our insert.
                if (!request.AutoRename || attempt == MaxNameAttempts)
                {
                    throw EntrySql.Conflict(chosen, parent);
                }
            }
        }
    }

    public async Task<EntryRecord> UpdateAsync(int entryId, UpdateEntryRequest request, CancellationToken cancellationToken)
    {
        if (entryId == StoreInitializer.RootFolderId)
        {
            throw new ApiProblemException(ProblemCatalog.RootFolderReadOnly, "The root folder cannot be moved or renamed.");
        }
        if (request.ParentId is null && request.Name is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "Give parentId to move the entry, name to rename it, or both.");
        }

        // An immediate transaction: the checks below and the writes see the same tree.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var entry = await db.Entries.SingleOrDefaultAsync(e => e.Id == entryId, cancellationToken)
            ?? throw EntryReader.NotFound(entryId);

        var parentId = request.ParentId ?? entry.ParentId!.Value;
        var parent = await db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == parentId, cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.EntryNotFound, $"The destination folder, entry {parentId}, does not exist.");
        RequireFolder(parent);
        if (entry.IsContainer && parent.IsSameOrBelow(entry))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidMove, $"Folder {entry.Id} cannot be moved into itself or one of its subfolders.");
        }

        var name = request.Name is null ? entry.Name : EntryNames.Validate(request.Name);
        var chosen = await EntrySql.ChooseNameAsync(
            (SqliteConnection)db.Database.GetDbConnection(), (SqliteTransaction)transaction.GetDbTransaction(),
            parent.Id, name, request.AutoRename, exceptId: entry.Id, cancellationToken);
        var oldPath = entry.FullPath;
        var newPath = EntryRecord.ChildPath(parent.FullPath, chosen);

        entry.ParentId = parent.Id;
        entry.Name = chosen;
        entry.NameKey = EntryNames.Key(chosen);
        entry.FullPath = newPath;
        entry.LastModifiedTicks = clock.GetUtcNow().UtcTicks;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (IsNameClash(ex))
        {
            throw EntrySql.Conflict(chosen, parent);
        }

        if (entry.IsContainer && !string.Equals(oldPath, newPath, StringComparison.Ordinal))
        {
            // One statement rewrites the paths of the whole subtree.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                WITH RECURSIVE subtree(Id) AS (
                    SELECT Id FROM Entries WHERE ParentId = {entry.Id}
                    UNION ALL SELECT e.Id FROM Entries e JOIN subtree s ON e.ParentId = s.Id)
                UPDATE Entries SET FullPath = {newPath} || substr(FullPath, {oldPath.Length + 1})
                WHERE Id IN (SELECT Id FROM subtree)
                """, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        cache.Invalidate();
        return entry;
    }

    internal static void RequireFolder(EntryRecord entry)
    {
        if (!entry.IsContainer)
        {
            throw new ApiProblemException(ProblemCatalog.NotAFolder, $"Entry {entry.Id} is a {EntryJson.TypeName(entry.EntryType)}, not a folder.");
        }
    }

    private static bool IsNameClash(DbUpdateException ex) =>
        ex.InnerException is SqliteException { SqliteErrorCode: EntrySql.SqliteConstraint };
}
