namespace LfRepo.Server.Tasks;

/// <summary>The kinds of long operation (the wire's TaskType).</summary>
public enum OperationType
{
    CopyEntry = 0,
    DeleteEntry = 1,
    ExportEntry = 2,
    ImportUploadedParts = 3,
    SearchEntry = 4,

    /// <summary>The Table API's ReplaceAllRowsAsync: on the same queue, never listed by the repository's task operations.</summary>
    ReplaceAllRows = 5,

    /// <summary>StartTestTask's operation; the wire's TaskType has no value for it, so TaskProgress leaves taskType out.</summary>
    Test = 6,
}

public static class OperationTypes
{
    /// <summary>Whether the repository's task operations (ListTasks, CancelTasks, v1 operations) show the task.</summary>
    public static bool IsRepositoryOperation(this OperationType type) => type != OperationType.ReplaceAllRows;
}

/// <summary>Where a long operation is (the wire's TaskStatus).</summary>
public enum OperationStatus
{
    NotStarted = 0,
    InProgress = 1,
    Completed = 2,
    Failed = 3,
    Cancelled = 4,
}

/// <summary>One long operation, persisted so ListTasks answers across restarts and failures are never only in a log.</summary>
public sealed class TaskRecord
{
    public required string Id { get; set; }

    public OperationType TaskType { get; set; }

    public OperationStatus Status { get; set; }

    public int PercentComplete { get; set; }

    /// <summary>ProblemDetails[] as JSON, rendered when the task failed.</summary>
    public string? ErrorsJson { get; set; }

    public int ResultEntryId { get; set; }

    public string? ResultUri { get; set; }

    /// <summary>The result of an operation whose result is not an entry, as JSON (ReplaceAllRows: table and row count).</summary>
    public string? ResultJson { get; set; }

    public long StartTicks { get; set; }

    public long LastUpdateTicks { get; set; }

    /// <summary>When the task finished; its id expires a while after.</summary>
    public long? FinishedTicks { get; set; }

    public required string UserName { get; set; }

    /// <summary>The id (not the value) of the access token that started the task.</summary>
    public required string TokenId { get; set; }

    /// <summary>The operation's parameters as JSON, for the worker.</summary>
    public required string RequestJson { get; set; }

    /// <summary>Absolute base URL of the request that started the task, for result URIs.</summary>
    public required string BaseUrl { get; set; }

    /// <summary>Request path and operation id of the start request, for the ProblemDetails of a failure.</summary>
    public required string Instance { get; set; }

    public required string OperationId { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>
    /// The process that holds the task: the one that queued it until a worker claims it, then the one running it.
    /// Null on rows written before leases existed.
    /// </summary>
    public string? OwnerId { get; set; }

    /// <summary>
    /// Wall-clock ticks (UTC) until which the owner's claim holds; the owner renews it while the task is queued or
    /// running. A queued or running task whose lease has lapsed ends Failed (its process stopped).
    /// </summary>
    public long? LeaseExpiresTicks { get; set; }

    public bool IsFinished => Status is OperationStatus.Completed or OperationStatus.Failed or OperationStatus.Cancelled;
}
