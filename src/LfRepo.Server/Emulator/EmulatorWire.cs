using LfRepo.Server.Tasks;

namespace LfRepo.Server.Emulator;

/// <summary>GET /_emulator.</summary>
public sealed record EmulatorInfo(string Version, string Store, string RepositoryId, DateTimeOffset StartedAt, DateTimeOffset Now);

/// <summary>A saved snapshot, as listed and as written beside it.</summary>
public sealed record SnapshotInfo(string Name, DateTimeOffset CreatedAt, long EntryCount, long SizeBytes);

/// <summary>A list answer of the control plane.</summary>
public sealed record ValueList<T>(IReadOnlyList<T> Value);

/// <summary>GET/POST /_emulator/clock.</summary>
public sealed record ClockState(DateTimeOffset Now, double OffsetSeconds);

/// <summary>POST /_emulator/clock: one of the two members.</summary>
public sealed record SetClockRequest(double? AdvanceSeconds, DateTimeOffset? Now);

/// <summary>PUT /_emulator/tasks/mode.</summary>
public sealed record TaskModeRequest(string? Mode, int? DelayMs);

public sealed record TaskModeState(string Mode, int DelayMs);

/// <summary>POST /_emulator/tasks/{taskId}/fail: the problem the task ends with.</summary>
public sealed record TaskFailRequest(int? Status, string? Title, string? Detail, int? ErrorCode);

/// <summary>POST /_emulator/users.</summary>
public sealed record CreateUserRequest(string? Name, string? Password, IReadOnlyList<string>? Groups, bool Administrator, IReadOnlyList<string>? Privileges = null);

public sealed record EmulatorUser(string Name, IReadOnlyList<string> Groups, bool Administrator, IReadOnlyList<string> Privileges);

/// <summary>GET/PUT /_emulator/limits.</summary>
public sealed record LimitsState(string Profile);

internal static class TaskModeNames
{
    public static string Of(TaskPacingMode mode) => mode.ToString().ToLowerInvariant();
}
