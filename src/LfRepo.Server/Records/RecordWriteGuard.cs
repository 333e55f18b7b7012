using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Records;

/// <summary>
/// The records rules every write path asks: a record (a document of the file plan) keeps its electronic document,
/// pages, name and location; a closed record folder, and everything below it, takes no new entries until reopened.
/// Metadata (fields, tags, links, template) and records management properties stay editable, as in Laserfiche.
/// </summary>
public sealed class RecordWriteGuard(StoreConnection store, EntryReader reader) : IEntryWriteGuard
{
    public async Task RequireWritableAsync(int entryId, EntryWrite write, CancellationToken cancellationToken)
    {
        if (await reader.FindAsync(entryId, cancellationToken) is not { EntryType: EntryType.Document, IsRecord: true } record)
        {
            return;
        }
        var what = write == EntryWrite.Content ? "its electronic document and pages" : "its name and location";
        throw new ApiProblemException(ProblemCatalog.RecordReadOnly,
            $"Entry {record.Id} ('{record.Name}') is a record; {what} cannot be changed.");
    }

    public async Task RequireFilableAsync(int folderId, CancellationToken cancellationToken)
    {
        var closed = await ClosedFoldersAsync(cancellationToken);
        if (closed.Count == 0)
        {
            return;
        }
        for (var entry = await reader.FindAsync(folderId, cancellationToken); entry is not null;
             entry = entry.ParentId is { } parentId ? await reader.FindAsync(parentId, cancellationToken) : null)
        {
            if (closed.Contains(entry.Id))
            {
                var where = entry.Id == folderId ? "" : $" (folder {folderId} is below it)";
                throw new ApiProblemException(ProblemCatalog.RecordFolderClosed,
                    $"Record folder {entry.Id} ('{entry.Name}') is closed{where}; no entries can be added until it is reopened.");
            }
        }
    }

    /// <summary>The ids of the closed record folders; almost always none, which spares the walk up the tree.</summary>
    private async Task<HashSet<int>> ClosedFoldersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EntryId FROM RecordProperties WHERE Kind = @kind AND IsClosed = @closed";
        command.AddWithValue("@kind", (int)RecordKind.RecordFolder);
        command.AddWithValue("@closed", true);
        var ids = new HashSet<int>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            ids.Add(rows.GetInt32(0));
        }
        return ids;
    }
}
