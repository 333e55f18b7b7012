namespace LfRepo.Server.Tasks;

/// <summary>
/// A named lease in the store that one process at a time holds, for work that must not run in two processes at
/// once (the sweep that fails lapsed tasks and drops expired ones).
/// </summary>
public sealed class TaskLease
{
    public required string Name { get; set; }

    public required string OwnerId { get; set; }

    /// <summary>Wall-clock ticks (UTC) until which the owner holds the lease.</summary>
    public long ExpiresTicks { get; set; }
}
