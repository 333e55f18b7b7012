using LfRepo.Server.Storage;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tasks;

/// <summary>Reads and writes task rows with plain SQLite: polling (ListTasks) and progress updates are frequent.</summary>
public sealed class TaskStore(StoreConnection store)
{
    private const string Columns =
        "Id, TaskType, Status, PercentComplete, ErrorsJson, ResultEntryId, ResultUri, StartTicks, LastUpdateTicks, FinishedTicks, " +
        "UserName, TokenId, RequestJson, BaseUrl, Instance, OperationId, CancelRequested";

    public async Task InsertAsync(TaskRecord t, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO Tasks ({Columns}) VALUES ($id, $type, $status, $percent, $errors, $entryId, $uri, $start, $update, $finished, $user, $token, $request, $base, $instance, $operationId, $cancel)";
        Bind(command, t);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<TaskRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM Tasks WHERE Id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<List<TaskRecord>> ListByTokenAsync(string tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM Tasks WHERE TokenId = $token ORDER BY StartTicks, Id";
        command.Parameters.AddWithValue("$token", tokenId);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<int> CountRunningAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Tasks WHERE UserName = $user AND Status IN (0, 1)";
        command.Parameters.AddWithValue("$user", userName);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>Searches of a user neither cancelled nor finished before <paramref name="finishedAfterTicks"/>.</summary>
    public async Task<int> CountOpenSearchesAsync(string userName, long finishedAfterTicks, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM Tasks WHERE UserName = $user AND TaskType = {(int)OperationType.SearchEntry} AND CancelRequested = 0 AND Status <> {(int)OperationStatus.Cancelled} AND (FinishedTicks IS NULL OR FinishedTicks > $after)";
        command.Parameters.AddWithValue("$user", userName);
        command.Parameters.AddWithValue("$after", finishedAfterTicks);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>Writes the mutable state of a task (status, progress, result, errors, cancel flag).</summary>
    public async Task UpdateAsync(TaskRecord t, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE Tasks SET Status = $status, PercentComplete = $percent, ErrorsJson = $errors, ResultEntryId = $entryId,
                ResultUri = $uri, LastUpdateTicks = $update, FinishedTicks = $finished, CancelRequested = $cancel
            WHERE Id = $id
            """;
        Bind(command, t);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Moves a queued task to InProgress; false when it is no longer queued (cancelled before it started).</summary>
    public async Task<bool> TryBeginAsync(string id, long nowTicks, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE Tasks SET Status = 1, LastUpdateTicks = $now WHERE Id = $id AND Status = 0";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", nowTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Asks for cancellation; a task that has not started yet ends Cancelled at once. Returns the row after.</summary>
    public async Task RequestCancelAsync(string id, long nowTicks, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE Tasks SET CancelRequested = 1,
                Status = CASE WHEN Status = 0 THEN 4 ELSE Status END,
                FinishedTicks = CASE WHEN Status = 0 THEN $now ELSE FinishedTicks END,
                LastUpdateTicks = CASE WHEN Status = 0 THEN $now ELSE LastUpdateTicks END
            WHERE Id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", nowTicks);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Tasks a previous process left unfinished: they end Failed with a problem saying so.</summary>
    public async Task<int> FailAbandonedAsync(string errorsJson, long nowTicks, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE Tasks SET Status = 3, ErrorsJson = $errors, FinishedTicks = $now, LastUpdateTicks = $now WHERE Status IN (0, 1)";
        command.Parameters.AddWithValue("$errors", errorsJson);
        command.Parameters.AddWithValue("$now", nowTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteFinishedBeforeAsync(long ticks, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM Tasks WHERE Status IN (2, 3, 4) AND FinishedTicks < $ticks";
        command.Parameters.AddWithValue("$ticks", ticks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(SqliteCommand command, TaskRecord t)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", t.Id);
        p.AddWithValue("$type", (int)t.TaskType);
        p.AddWithValue("$status", (int)t.Status);
        p.AddWithValue("$percent", t.PercentComplete);
        p.AddWithValue("$errors", (object?)t.ErrorsJson ?? DBNull.Value);
        p.AddWithValue("$entryId", t.ResultEntryId);
        p.AddWithValue("$uri", (object?)t.ResultUri ?? DBNull.Value);
        p.AddWithValue("$start", t.StartTicks);
        p.AddWithValue("$update", t.LastUpdateTicks);
        p.AddWithValue("$finished", (object?)t.FinishedTicks ?? DBNull.Value);
        p.AddWithValue("$user", t.UserName);
        p.AddWithValue("$token", t.TokenId);
        p.AddWithValue("$request", t.RequestJson);
        p.AddWithValue("$base", t.BaseUrl);
        p.AddWithValue("$instance", t.Instance);
        p.AddWithValue("$operationId", t.OperationId);
        p.AddWithValue("$cancel", t.CancelRequested);
    }

    private static async Task<List<TaskRecord>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<TaskRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            result.Add(new TaskRecord
            {
                Id = r.GetString(0),
                TaskType = (OperationType)r.GetInt32(1),
                Status = (OperationStatus)r.GetInt32(2),
                PercentComplete = r.GetInt32(3),
                ErrorsJson = r.IsDBNull(4) ? null : r.GetString(4),
                ResultEntryId = r.GetInt32(5),
                ResultUri = r.IsDBNull(6) ? null : r.GetString(6),
                StartTicks = r.GetInt64(7),
                LastUpdateTicks = r.GetInt64(8),
                FinishedTicks = r.IsDBNull(9) ? null : r.GetInt64(9),
                UserName = r.GetString(10),
                TokenId = r.GetString(11),
                RequestJson = r.GetString(12),
                BaseUrl = r.GetString(13),
                Instance = r.GetString(14),
                OperationId = r.GetString(15),
                CancelRequested = r.GetBoolean(16),
            });
        }
        return result;
    }
}
