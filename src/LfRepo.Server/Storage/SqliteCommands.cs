using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Storage;

/// <summary>One-line SQL statements on an open connection.</summary>
public static class SqliteCommands
{
    public static async Task ExecuteAsync(this SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarAsync(this SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>
    /// Stops the statements running on <paramref name="connection"/> when <paramref name="cancellationToken"/> is cancelled
    /// (sqlite3_interrupt): a long query then fails with SQLITE_INTERRUPT instead of running to its end.
    /// </summary>
    public static CancellationTokenRegistration InterruptOn(this SqliteConnection connection, CancellationToken cancellationToken) =>
        cancellationToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));

    /// <summary>Whether <paramref name="exception"/> is a statement stopped by <see cref="InterruptOn"/>.</summary>
    public static bool IsInterrupt(this Exception exception) => exception is SqliteException { SqliteErrorCode: 9 };
}
