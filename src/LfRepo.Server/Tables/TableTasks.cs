using System.Collections.Concurrent;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tables;

/// <summary>One ReplaceAllRowsAsync task as <c>general/Tasks(id)</c> reports it.</summary>
public sealed record TableTask(string Id, string Table, string UserName, int Status, int PercentComplete, string? Errors, string? Result, string StartTime, string LastUpdateTime);

/// <summary>
/// Runs ReplaceAllRowsAsync tasks and keeps their state in tables.db's own task table, apart from the repository's
/// task queue: these tasks report the Table API's TaskProgress, not the repository's TaskType. A running task's
/// progress lives in memory, since its replace transaction holds tables.db's write lock until it commits.
/// </summary>
public sealed class TableTasks(TableStore store, TimeProvider clock, ILogger<TableTasks> logger) : IHostedService
{
    public const int NotStarted = 0;
    public const int InProgress = 1;
    public const int Completed = 2;
    public const int Failed = 3;

    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _progress = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Records a task and starts replacing the table's rows with the CSV in the background.</summary>
    public async Task<string> StartReplaceAsync(TableDefinition table, string csv, string userName, string instance, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString();
        var now = Now();
        await using (var connection = await store.OpenAsync(cancellationToken))
        {
            await SaveAsync(connection, new TableTask(id, table.Name, userName, NotStarted, 0, null, null, now, now), cancellationToken);
        }
        _progress[id] = 0;
        _running[id] = Task.Run(() => RunAsync(id, table, csv, userName, now, instance));
        return id;
    }

    /// <summary>The task if it exists and belongs to <paramref name="userName"/>.</summary>
    public async Task<TableTask?> FindAsync(string id, string userName, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "id", "table", "userName", "status", "percentComplete", "errors", "result", "startTime", "lastUpdateTime"
            FROM "_tasks" WHERE "id" = $id AND "userName" = $user
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$user", userName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var task = new TableTask(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
            reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7), reader.GetString(8));
        return task.Status < Completed && _progress.TryGetValue(id, out var percent) ? task with { Status = InProgress, PercentComplete = percent } : task;
    }

    private async Task RunAsync(string id, TableDefinition table, string csv, string userName, string startTime, string instance)
    {
        var cancellationToken = _stopping.Token;
        var total = Math.Max(1, csv.Count(c => c == '\n'));
        TableTask outcome;
        try
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction();
            await connection.ExecuteAsync($"DELETE FROM {table.SqlName}", transaction, cancellationToken);
            long rows;
            try
            {
                rows = await TableLoader.LoadCsvAsync(connection, transaction, table, new StringReader(csv),
                    done => { _progress[id] = (int)Math.Min(99, done * 100 / total); return Task.CompletedTask; }, cancellationToken);
            }
            catch (FormatException ex)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                var errors = ProblemWriter.RenderArray(ProblemCatalog.InvalidTableCsv, ex.Message, instance, id);
                outcome = new TableTask(id, table.Name, userName, Failed, 0, errors, null, startTime, Now());
                await SaveAsync(connection, outcome, CancellationToken.None);
                return;
            }
            outcome = new TableTask(id, table.Name, userName, Completed, 100, null, $$"""{"Table":"{{table.Name}}","RowCount":{{rows}}}""", startTime, Now());
            await SaveAsync(connection, outcome, cancellationToken, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "ReplaceAllRowsAsync task {TaskId} on table {Table} failed", id, table.Name);
            await SaveFailureAsync(id, table, userName, startTime, instance, ProblemCatalog.Internal, "The rows could not be replaced; nothing was changed.");
        }
        catch (OperationCanceledException)
        {
            await SaveFailureAsync(id, table, userName, startTime, instance, ProblemCatalog.ServerRestarted, "LfRepo stopped before the rows were replaced; nothing was changed.");
        }
        finally
        {
            _progress.TryRemove(id, out _);
            _running.TryRemove(id, out _);
        }
    }

    private async Task SaveFailureAsync(string id, TableDefinition table, string userName, string startTime, string instance, ProblemKind kind, string detail)
    {
        await using var connection = await store.OpenAsync(CancellationToken.None);
        var errors = ProblemWriter.RenderArray(kind, detail, instance, id);
        await SaveAsync(connection, new TableTask(id, table.Name, userName, Failed, 0, errors, null, startTime, Now()), CancellationToken.None);
    }

    private static async Task SaveAsync(SqliteConnection connection, TableTask task, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO "_tasks" ("id", "table", "userName", "status", "percentComplete", "errors", "result", "startTime", "lastUpdateTime")
            VALUES ($id, $table, $user, $status, $percent, $errors, $result, $start, $updated)
            ON CONFLICT ("id") DO UPDATE SET "status" = excluded."status", "percentComplete" = excluded."percentComplete",
                "errors" = excluded."errors", "result" = excluded."result", "lastUpdateTime" = excluded."lastUpdateTime"
            """;
        command.Parameters.AddWithValue("$id", task.Id);
        command.Parameters.AddWithValue("$table", task.Table);
        command.Parameters.AddWithValue("$user", task.UserName);
        command.Parameters.AddWithValue("$status", task.Status);
        command.Parameters.AddWithValue("$percent", task.PercentComplete);
        command.Parameters.AddWithValue("$errors", (object?)task.Errors ?? DBNull.Value);
        command.Parameters.AddWithValue("$result", (object?)task.Result ?? DBNull.Value);
        command.Parameters.AddWithValue("$start", task.StartTime);
        command.Parameters.AddWithValue("$updated", task.LastUpdateTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string Now() => TableValues.FormatDate(clock.GetUtcNow());

    /// <summary>Tasks a previous process left unfinished end Failed: their transaction never committed, so nothing changed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """UPDATE "_tasks" SET "status" = $failed, "errors" = $errors, "lastUpdateTime" = $now WHERE "status" < $completed""";
        command.Parameters.AddWithValue("$failed", Failed);
        command.Parameters.AddWithValue("$completed", Completed);
        command.Parameters.AddWithValue("$errors", ProblemWriter.RenderArray(ProblemCatalog.ServerRestarted,
            "LfRepo stopped before the rows were replaced; nothing was changed.", "/", "restart"));
        command.Parameters.AddWithValue("$now", Now());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            // RunAsync records its own failures, so only the host's shutdown timeout can end this wait early.
            await Task.WhenAll(_running.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("{Count} ReplaceAllRowsAsync task(s) were still rolling back at shutdown", _running.Count);
        }
    }
}
