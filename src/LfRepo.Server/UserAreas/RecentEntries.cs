using System.Collections.Concurrent;
using System.Data.Common;
using LfRepo.Server.Storage;

namespace LfRepo.Server.UserAreas;

/// <summary>
/// Keeps each user's Recent Documents and Recent Folders areas: the Laserfiche apps maintain them on the real
/// server; LfRepo records a document when its user opens it (export, page image, edoc download) and a folder when
/// its user lists it. Plain SQLite, called on read paths; a repeat of the user's latest entry writes nothing.
/// </summary>
public sealed class RecentEntries(StoreConnection store, ILogger<RecentEntries> logger)
{
    /// <summary>Entries each recent list keeps; the oldest go first.</summary>
    public const int Capacity = 50;

    private readonly ConcurrentDictionary<(string User, string Area), int> _latest = new();

    public Task DocumentOpenedAsync(string userName, int entryId, CancellationToken cancellationToken) =>
        RecordAsync(userName, UserAreaNames.RecentDocuments, entryId, cancellationToken);

    public Task FolderListedAsync(string userName, int entryId, CancellationToken cancellationToken) =>
        RecordAsync(userName, UserAreaNames.RecentFolders, entryId, cancellationToken);

    private async Task RecordAsync(string userName, string area, int entryId, CancellationToken cancellationToken)
    {
        if (_latest.TryGetValue((userName, area), out var latest) && latest == entryId)
        {
            return;
        }
        try
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // The entry moves to the top (the newest row id) and the list is cut to its capacity.
            command.CommandText = """
                INSERT INTO UserAreas (UserName, Name, NameKey) VALUES (@user, @name, @key) ON CONFLICT (UserName, NameKey) DO NOTHING;
                DELETE FROM UserAreaEntries WHERE AreaId = (SELECT Id FROM UserAreas WHERE UserName = @user AND NameKey = @key) AND EntryId = @entry;
                INSERT INTO UserAreaEntries (AreaId, EntryId)
                    SELECT a.Id, e.Id FROM UserAreas a, Entries e WHERE a.UserName = @user AND a.NameKey = @key AND e.Id = @entry;
                DELETE FROM UserAreaEntries WHERE AreaId = (SELECT Id FROM UserAreas WHERE UserName = @user AND NameKey = @key)
                    AND Id NOT IN (SELECT m.Id FROM UserAreaEntries m JOIN UserAreas a ON a.Id = m.AreaId
                                   WHERE a.UserName = @user AND a.NameKey = @key ORDER BY m.Id DESC LIMIT @capacity);
                """;
            command.AddWithValue("@user", userName);
            command.AddWithValue("@name", area);
            command.AddWithValue("@key", UserAreaNames.Key(area));
            command.AddWithValue("@entry", entryId);
            command.AddWithValue("@capacity", Capacity);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _latest[(userName, area)] = entryId;
        }
        catch (DbException ex)
        {
            // The read the user asked for succeeded; a recent list that missed one entry must not turn it into an error.
            logger.LogWarning(ex, "Could not record entry {EntryId} in {User}'s {Area}", entryId, userName, area);
        }
    }
}
