namespace LfRepo.Server.Tasks;

/// <summary>Settings of the long-operation queue, section "LfRepo:Tasks".</summary>
public sealed class TaskOptions
{
    public const string Section = "LfRepo:Tasks";

    /// <summary>Tasks run at once.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Tasks that may wait in the queue; a start beyond it is a 429.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>How long ListTasks waits for a listed task to change (the real server: up to 60 s).</summary>
    public double LongPollSeconds { get; set; } = 60;

    /// <summary>A task id expires this long after its task finished.</summary>
    public double ExpiryMinutes { get; set; } = 15;

    /// <summary>Long operations one user may have running at once; 0 turns the limit off.</summary>
    public int MaxConcurrentPerUser { get; set; }

    /// <summary>Searches (StartSearchEntry) one user may hold open at once, until cancelled or expired; 0 turns the limit off.</summary>
    public int MaxOpenSearchesPerUser { get; set; }

    /// <summary>Entries copied or deleted per transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a process's claim on its queued and running tasks holds without renewal.</summary>
    public double LeaseSeconds { get; set; } = 30;

    /// <summary>
    /// How often each process renews its leases, looks for cancel requests made through other processes, takes
    /// queued tasks of other processes when its workers are idle and fails tasks whose lease has lapsed.
    /// </summary>
    public int HeartbeatMilliseconds { get; set; } = 1000;

    /// <summary>A pause after each batch, for tests that need to catch a task in the middle. 0 in real use.</summary>
    public int BatchDelayMilliseconds { get; set; }
}
