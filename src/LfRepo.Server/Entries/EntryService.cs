using System.Data.Common;
using LfRepo.Server.Hosting;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;
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
    EntryAccess access,
    TimeProvider clock,
    IOptions<EmulatorOptions> options,
    IEnumerable<IEntryWriteGuard> guards)
{
    private const int MaxNameAttempts = 8;

    /// <summary>Creates a record series entry; the records management rules (where one may go, its properties) are the caller's.</summary>
    public Task<EntryRecord> CreateRecordSeriesAsync(int parentId, string? name, bool autoRename, string user, CancellationToken cancellationToken) =>
        CreateAsync(parentId, new CreateEntryRequest { Name = name, AutoRename = autoRename, EntryType = EntryTypeName.RecordSeries }, user, cancellationToken,
            recordSeries: true);

    public async Task<EntryRecord> CreateAsync(
        int parentId, CreateEntryRequest request, string user, CancellationToken cancellationToken, bool autoCreateFolderPath = false, bool recordSeries = false)
    {
        var name = EntryNames.Validate(request.Name);
        var type = request.EntryType switch
        {
            EntryTypeName.Folder => EntryType.Folder,
            EntryTypeName.RecordSeries when recordSeries => EntryType.RecordSeries,
            EntryTypeName.Shortcut => EntryType.Shortcut,
            null => throw new ApiProblemException(ProblemCatalog.InvalidRequest, "entryType is required: Folder or Shortcut."),
            _ => throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"CreateEntry makes folders and shortcuts, not a {request.EntryType}; import documents with ImportEntry."),
        };

        var segments = FolderPathSegments(request.FolderPath);
        var principal = access.Principal(user);
        if (segments.Count == 0)
        {
            await access.RequireAsync(principal, parentId, CreateRight(type), cancellationToken);
        }

        EntryRecord? target = null;
        if (type == EntryType.Shortcut)
        {
            if (request.TargetId is not { } targetId || targetId <= 0)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "targetId is required to create a shortcut.");
            }
            target = await reader.FindAsync(targetId, cancellationToken);
            if (target is null || !await access.CanBrowseAsync(principal, targetId, cancellationToken))
            {
                throw new ApiProblemException(ProblemCatalog.EntryNotFound, $"The shortcut target, entry {targetId}, does not exist.");
            }
        }
        var parent = await ResolveFolderAsync(parentId, segments, autoCreateFolderPath, user, cancellationToken);
        if (segments.Count > 0)
        {
            await access.RequireAsync(principal, parent.Id, CreateRight(type), cancellationToken);
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
                record.Id = await EntrySql.InsertAsync(connection, store.Dialect, record, cancellationToken);
                return record;
            }
            catch (DbException ex) when (store.Dialect.IsConstraintViolation(ex))
            {
                // Another request took the name between our check and our insert.
                if (!request.AutoRename || attempt == MaxNameAttempts)
                {
                    throw EntrySql.Conflict(chosen, parent);
                }
            }
        }
    }

    /// <summary>
    /// The folder <paramref name="folderPath"/> names below folder <paramref name="folderId"/> (CreateEntry's and
    /// ImportEntry's folderPath): existing folders are reused, missing ones created when <paramref name="autoCreate"/>
    /// is set and otherwise a 404 that creates nothing.
    /// </summary>
    public Task<EntryRecord> ResolveFolderAsync(int folderId, string? folderPath, bool autoCreate, string user, CancellationToken cancellationToken) =>
        ResolveFolderAsync(folderId, FolderPathSegments(folderPath), autoCreate, user, cancellationToken);

    private async Task<EntryRecord> ResolveFolderAsync(int folderId, IReadOnlyList<string> segments, bool autoCreate, string user, CancellationToken cancellationToken)
    {
        var folder = await reader.GetAsync(folderId, cancellationToken);
        RequireFolder(folder);
        var missing = 0;
        while (missing < segments.Count)
        {
            var (child, _) = await reader.FindByPathAsync(EntryRecord.ChildPath(folder.FullPath, segments[missing]), cancellationToken);
            if (child is null)
            {
                break;
            }
            RequireFolder(child);
            folder = child;
            missing++;
        }
        foreach (var guard in guards)
        {
            await guard.RequireFilableAsync(folder.Id, cancellationToken);
        }
        if (missing < segments.Count && !autoCreate)
        {
            throw new ApiProblemException(ProblemCatalog.EntryNotFound,
                $"The folder '{EntryRecord.ChildPath(folder.FullPath, segments[missing])}' does not exist; set autoCreateFolderPath=true to create it.");
        }
        for (; missing < segments.Count; missing++)
        {
            folder = await CreateAsync(folder.Id, new CreateEntryRequest { Name = segments[missing], EntryType = EntryTypeName.Folder }, user, cancellationToken);
        }
        return folder;
    }

    /// <summary>
    /// The folder names of a folderPath, <c>/</c> and <c>\</c> alike; one leading or trailing separator is allowed.
    /// Every segment must be a valid entry name: <c>.</c>, <c>..</c> and empty segments (<c>A//B</c>) are refused
    /// rather than read as navigation.
    /// </summary>
    public static IReadOnlyList<string> FolderPathSegments(string? folderPath)
    {
        if (string.IsNullOrEmpty(folderPath))
        {
            return [];
        }
        var trimmed = folderPath;
        if (trimmed[0] is '/' or '\\')
        {
            trimmed = trimmed[1..];
        }
        if (trimmed.Length > 0 && trimmed[^1] is '/' or '\\')
        {
            trimmed = trimmed[..^1];
        }
        if (trimmed.Length == 0)
        {
            return [];
        }
        var segments = trimmed.Split('/', '\\');
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment.Trim().Length == 0)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFolderPath, $"The folderPath '{folderPath}' has an empty folder name.");
            }
            if (segment is "." or "..")
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFolderPath,
                    $"The folderPath '{folderPath}' contains '{segment}'; a folder path names folders below the route folder and cannot navigate.");
            }
            try
            {
                EntryNames.Validate(segment);
            }
            catch (ApiProblemException ex)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFolderPath, $"The folderPath '{folderPath}' is not valid: {ex.Detail}");
            }
        }
        return segments;
    }

    public async Task<EntryRecord> UpdateAsync(int entryId, UpdateEntryRequest request, string user, CancellationToken cancellationToken)
    {
        if (entryId == StoreInitializer.RootFolderId)
        {
            throw new ApiProblemException(ProblemCatalog.RootFolderReadOnly, "The root folder cannot be moved or renamed.");
        }
        if (request.ParentId is null && request.Name is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "Give parentId to move the entry, name to rename it, or both.");
        }

        var principal = access.Principal(user);
        await access.RequireAsync(principal, entryId, EntryRight.Rename, cancellationToken);
        foreach (var guard in guards)
        {
            await guard.RequireWritableAsync(entryId, EntryWrite.NameOrLocation, cancellationToken);
            if (request.ParentId is { } into && into != (await reader.GetAsync(entryId, cancellationToken)).ParentId)
            {
                await guard.RequireFilableAsync(into, cancellationToken);
            }
        }
        if (request.ParentId is { } destinationId)
        {
            if (!await access.CanBrowseAsync(principal, destinationId, cancellationToken))
            {
                throw new ApiProblemException(ProblemCatalog.EntryNotFound, $"The destination folder, entry {destinationId}, does not exist.");
            }
            var moved = await reader.GetAsync(entryId, cancellationToken);
            await access.RequireAsync(principal, destinationId, CreateRight(moved.EntryType), cancellationToken);
        }

        // An immediate transaction: the checks below and the writes see the same tree.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var entry = await db.Set<EntryRecord>().SingleOrDefaultAsync(e => e.Id == entryId, cancellationToken)
            ?? throw EntryReader.NotFound(entryId);

        var parentId = request.ParentId ?? entry.ParentId!.Value;
        var parent = await db.Set<EntryRecord>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == parentId, cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.EntryNotFound, $"The destination folder, entry {parentId}, does not exist.");
        RequireFolder(parent);
        if (entry.IsContainer && parent.IsSameOrBelow(entry))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidMove, $"Folder {entry.Id} cannot be moved into itself or one of its subfolders.");
        }

        var name = request.Name is null ? entry.Name : EntryNames.Validate(request.Name);
        var chosen = await EntrySql.ChooseNameAsync(
            (DbConnection)db.Database.GetDbConnection(), (DbTransaction)transaction.GetDbTransaction(),
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

    /// <summary>The right a folder must grant to receive a new (created, moved or copied) entry of <paramref name="type"/>.</summary>
    public static EntryRight CreateRight(EntryType type) =>
        type is EntryType.Folder or EntryType.RecordSeries ? EntryRight.CreateFolder : EntryRight.CreateDocument;

    internal static void RequireFolder(EntryRecord entry)
    {
        if (!entry.IsContainer)
        {
            throw new ApiProblemException(ProblemCatalog.NotAFolder, $"Entry {entry.Id} is a {EntryJson.TypeName(entry.EntryType)}, not a folder.");
        }
    }

    private bool IsNameClash(DbUpdateException ex) => store.Dialect.IsConstraintViolation(ex);

    /// <summary>Whether <paramref name="ex"/> is an insert that lost a race for its name (a unique constraint).</summary>
    public bool IsNameTaken(Exception ex) => store.Dialect.IsConstraintViolation(ex);
}
