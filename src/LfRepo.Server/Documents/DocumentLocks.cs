using System.Data.Common;
using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Documents;

/// <summary>What a persistent lock covers, and what a write touches.</summary>
public enum LockExtent
{
    Page,
    Edoc,
    Metadata,
    All,
}

/// <summary>
/// Persistent locks of documents, kept in DocumentStates so they survive a restart, and the one question every
/// writer asks: may this user write this part of this entry? A lock of another user on the same part (or on All),
/// or a check-out by another user, answers 423 naming the holder.
/// </summary>
public sealed class DocumentLocks(StoreConnection store, EntryCache cache, TimeProvider clock, IEnumerable<IEntryWriteGuard> guards)
{
    /// <summary>
    /// Throws 423 when another user's lock covers <paramref name="extent"/> of the entry, or another user has it
    /// checked out. Entries that are not documents have no locks. <see cref="LockExtent.All"/> asks for the whole
    /// document (deleting it), which any lock of another user refuses.
    /// </summary>
    public async Task RequireWritableAsync(int entryId, LockExtent extent, string user, CancellationToken cancellationToken)
    {
        if (extent is LockExtent.Edoc or LockExtent.Page)
        {
            await RequireContentChangeableAsync(entryId, cancellationToken);
        }
        var state = await FindAsync(entryId, cancellationToken);
        RequireWritable(entryId, state, extent, user);
    }

    /// <summary>Asks the other features' write rules (a record keeps its content) whether the entry's content may change.</summary>
    public async Task RequireContentChangeableAsync(int entryId, CancellationToken cancellationToken)
    {
        foreach (var guard in guards)
        {
            await guard.RequireWritableAsync(entryId, EntryWrite.Content, cancellationToken);
        }
    }

    public static void RequireWritable(int entryId, DocumentStateRecord? state, LockExtent extent, string user)
    {
        if (state is null)
        {
            return;
        }
        if (state.CheckedOutBy is { } checkedOutBy && checkedOutBy != user)
        {
            throw new ApiProblemException(ProblemCatalog.DocumentLocked, $"Document {entryId} is checked out by {checkedOutBy}.");
        }
        if (state.LockedBy is { } lockedBy && lockedBy != user && Covers(ParseExtent(state.LockExtent), extent))
        {
            throw new ApiProblemException(ProblemCatalog.DocumentLocked,
                $"Document {entryId} is locked by {lockedBy} (extent {state.LockExtent}); {Describe(extent)} cannot be changed until it is unlocked.");
        }
    }

    private static bool Covers(LockExtent held, LockExtent written) => held == LockExtent.All || written == LockExtent.All || held == written;

    private static string Describe(LockExtent extent) => extent switch
    {
        LockExtent.Page => "its pages",
        LockExtent.Edoc => "its electronic document",
        LockExtent.Metadata => "its metadata and properties",
        _ => "it",
    };

    /// <summary>The document's state row, or null when it never had a lock or version control.</summary>
    public async Task<DocumentStateRecord?> FindAsync(int entryId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, entryId, cancellationToken);
    }

    public static async Task<DocumentStateRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, int entryId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT IsUnderVersionControl, CurrentVersion, CheckedOutBy, CheckOutComment, CheckOutEdocSha256, CheckOutSnapshotJson,
                   LockToken, LockedBy, LockComment, LockExtent, LockTicks
            FROM DocumentStates WHERE EntryId = @entry
            """;
        command.AddWithValue("@entry", entryId);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        if (!await rows.ReadAsync(cancellationToken))
        {
            return null;
        }
        string? Text(int i) => rows.IsDBNull(i) ? null : rows.GetString(i);
        return new DocumentStateRecord
        {
            EntryId = entryId,
            IsUnderVersionControl = rows.GetFlag(0),
            CurrentVersion = rows.GetInt32(1),
            CheckedOutBy = Text(2),
            CheckOutComment = Text(3),
            CheckOutEdocSha256 = Text(4),
            CheckOutSnapshotJson = Text(5),
            LockToken = Text(6),
            LockedBy = Text(7),
            LockComment = Text(8),
            LockExtent = Text(9),
            LockTicks = rows.IsDBNull(10) ? null : rows.GetInt64(10),
        };
    }

    /// <summary>The extent named by a request ("All" when none), or a 400.</summary>
    public static LockExtent ParseExtent(string? extent) =>
        string.IsNullOrWhiteSpace(extent) ? LockExtent.All
        : Enum.TryParse<LockExtent>(extent.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"The lock extent '{extent}' is not valid: give Page, Edoc, Metadata or All.");

    /// <summary>
    /// Locks the document for <paramref name="user"/>. A lock the user already holds takes the new comment and
    /// extent and keeps its token; another user's lock answers 423.
    /// </summary>
    public async Task<DocumentStateRecord> LockAsync(int entryId, string user, string? comment, LockExtent extent, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, entryId, user, comment, extent, cancellationToken);
        var state = (await FindAsync(connection, transaction, entryId, cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        cache.Invalidate();
        return state;
    }

    /// <summary>Takes the lock inside a caller's transaction (check-out takes it with the check-out).</summary>
    public async Task LockAsync(
        DbConnection connection, DbTransaction transaction, int entryId, string user, string? comment, LockExtent extent, CancellationToken cancellationToken)
    {
        await EnsureStateAsync(connection, transaction, entryId, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE DocumentStates
            SET LockToken = COALESCE(LockToken, @token), LockedBy = @user, LockComment = @comment, LockExtent = @extent, LockTicks = COALESCE(LockTicks, @now)
            WHERE EntryId = @entry AND (LockedBy IS NULL OR LockedBy = @user)
            """;
        command.AddWithValue("@entry", entryId);
        command.AddWithValue("@token", Guid.NewGuid().ToString("D"));
        command.AddWithValue("@user", user);
        command.AddWithValue("@comment", (object?)comment ?? DBNull.Value);
        command.AddWithValue("@extent", extent.ToString());
        command.AddWithValue("@now", clock.GetUtcNow().UtcTicks);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            var held = await FindAsync(connection, transaction, entryId, cancellationToken);
            throw new ApiProblemException(ProblemCatalog.DocumentLocked, $"Document {entryId} is already locked by {held?.LockedBy}.");
        }
    }

    /// <summary>
    /// Removes the user's own lock, or, given a token, the lock with that token whoever holds it. No lock to remove
    /// is a 409; another user's lock without its token a 423.
    /// </summary>
    public async Task UnlockAsync(int entryId, string user, string? lockToken, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var state = await FindAsync(connection, transaction, entryId, cancellationToken);
        if (state?.LockedBy is null)
        {
            throw new ApiProblemException(ProblemCatalog.NotLocked, $"Document {entryId} is not locked.");
        }
        if (lockToken is not null && lockToken != state.LockToken)
        {
            throw new ApiProblemException(ProblemCatalog.NotLocked, $"Document {entryId} holds no lock with the token '{lockToken}'.");
        }
        if (lockToken is null && state.LockedBy != user)
        {
            throw new ApiProblemException(ProblemCatalog.DocumentLocked,
                $"Document {entryId} is locked by {state.LockedBy}, not by you; pass its lockToken to remove it.");
        }
        await ReleaseAsync(connection, transaction, entryId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Invalidate();
    }

    /// <summary>Removes the document's lock inside a caller's transaction.</summary>
    public static async Task ReleaseAsync(DbConnection connection, DbTransaction transaction, int entryId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE DocumentStates SET LockToken = NULL, LockedBy = NULL, LockComment = NULL, LockExtent = NULL, LockTicks = NULL
            WHERE EntryId = @entry
            """;
        command.AddWithValue("@entry", entryId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task EnsureStateAsync(DbConnection connection, DbTransaction transaction, int entryId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO DocumentStates (EntryId, IsUnderVersionControl, CurrentVersion) VALUES (@entry, 0, 0) ON CONFLICT DO NOTHING";
        command.AddWithValue("@entry", entryId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
