using System.Text.Json;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using LfRepo.Server.Tasks;

namespace LfRepo.Server.Tables;

/// <summary>One ReplaceAllRowsAsync task as <c>general/Tasks(id)</c> reports it.</summary>
public sealed record TableTask(string Id, string Table, string UserName, int Status, int PercentComplete, string? Errors, string? Result, string StartTime, string LastUpdateTime);

/// <summary>What a queued ReplaceAllRowsAsync needs to run.</summary>
public sealed record ReplaceAllRowsTaskRequest(string Table, string Csv);

/// <summary>
/// ReplaceAllRowsAsync tasks, on the repository's one task queue (<see cref="OperationType.ReplaceAllRows"/>):
/// persisted, failed after a restart, expired and limited per user like every long operation, and reported in the
/// Table API's TaskProgress shape here, never by the repository's task operations.
/// </summary>
public sealed class TableTasks(TaskQueue queue)
{
    public const int NotStarted = 0;
    public const int InProgress = 1;
    public const int Completed = 2;
    public const int Failed = 3;

    /// <summary>Queues replacing the table's rows with the CSV.</summary>
    public async Task<string> StartReplaceAsync(TableDefinition table, string csv, TaskOrigin origin, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Serialize(new ReplaceAllRowsTaskRequest(table.Name, csv));
        return (await queue.StartAsync(OperationType.ReplaceAllRows, request, origin, cancellationToken)).Id;
    }

    /// <summary>The task if it exists and belongs to <paramref name="userName"/>.</summary>
    public async Task<TableTask?> FindAsync(string id, string userName, CancellationToken cancellationToken)
    {
        var task = await queue.FindAsync(id, userName, OperationType.ReplaceAllRows, cancellationToken);
        if (task is null)
        {
            return null;
        }
        var table = JsonSerializer.Deserialize<ReplaceAllRowsTaskRequest>(task.RequestJson)?.Table ?? "";
        var status = task.Status == OperationStatus.Cancelled ? Failed : (int)task.Status;
        return new TableTask(task.Id, table, task.UserName, status, task.PercentComplete, task.ErrorsJson, task.ResultJson,
            Format(task.StartTicks), Format(task.LastUpdateTicks));
    }

    private static string Format(long ticks) => TableValues.FormatDate(new DateTimeOffset(ticks, TimeSpan.Zero));
}

/// <summary>
/// ReplaceAllRowsAsync's work: one tables.db transaction deletes the rows and loads the CSV, so a bad line or a
/// stop changes nothing.
/// </summary>
public sealed class ReplaceAllRowsTask(TableStore store, TableCatalog catalog) : ITaskHandler
{
    public OperationType Type => OperationType.ReplaceAllRows;

    public async Task<TaskOutcome> RunAsync(TaskRecord task, TaskContext context)
    {
        var work = JsonSerializer.Deserialize<ReplaceAllRowsTaskRequest>(task.RequestJson)!;
        var table = catalog.Find(work.Table)
            ?? throw new ApiProblemException(ProblemCatalog.TableNotFound, $"Table '{work.Table}' no longer exists.");
        var cancellationToken = context.CancellationToken;
        var total = Math.Max(1, work.Csv.Count(c => c == '\n'));
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync($"DELETE FROM {table.SqlName}", transaction, cancellationToken);
        long rows;
        try
        {
            rows = await TableLoader.LoadCsvAsync(connection, transaction, store.Dialect, table, new StringReader(work.Csv),
                done => context.ReportProgressAsync(done, total), cancellationToken);
        }
        catch (FormatException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidTableCsv, ex.Message);
        }
        await transaction.CommitAsync(cancellationToken);
        return new TaskOutcome(0, null, JsonSerializer.Serialize(new { Table = table.Name, RowCount = rows }));
    }
}
