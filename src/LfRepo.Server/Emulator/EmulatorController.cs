using System.Reflection;
using System.Text;
using LfRepo.Server.Hosting;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;
using LfRepo.Server.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Emulator;

/// <summary>The control plane: inspect, reset, seed and pace the emulator. Administrators only.</summary>
[ApiController]
[Route("_emulator")]
[AdministratorsOnly(ControlPlane = true)]
[Produces("application/json")]
public sealed class EmulatorController(RepositoryState state, EmulatorClock clock) : ControllerBase
{
    private static readonly string Version =
        typeof(EmulatorController).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>What this emulator is: version, store, repository, when it started and its clock's now.</summary>
    [HttpGet("")]
    public EmulatorInfo GetInfo([FromServices] StoreConnection store, [FromServices] EmulatorOptions options, [FromServices] ControlPlaneStart start) =>
        new(Version, store.Description, options.RepositoryId, start.StartedAt, clock.GetUtcNow());

    /// <summary>Returns the repository to the seed (or, with seed=empty, to the root folder alone); tokens stay valid.</summary>
    [HttpPost("reset")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Reset([FromQuery] string? seed, CancellationToken cancellationToken)
    {
        if (seed is not (null or "" or "default" or "empty"))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"'seed' must be 'empty' or 'default' (or left out), not '{seed}'.");
        }
        await state.ResetAsync(seed == "empty", cancellationToken);
        return NoContent();
    }

    /// <summary>Applies a seed document (the format of --seed files) to the repository as it is.</summary>
    [HttpPost("seed")]
    [Consumes("application/json")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> ApplySeed(CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(Request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken);
        MetadataSeed seed;
        try
        {
            seed = MetadataSeed.Parse(json, "in the request body");
        }
        catch (InvalidOperationException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, ex.Message);
        }
        try
        {
            await state.ApplySeedAsync(seed, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, ex.Message);
        }
        return NoContent();
    }

    /// <summary>Adds a user who can then sign in at the Token endpoint.</summary>
    [HttpPost("users")]
    [ProducesResponseType<EmulatorUser>(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateUser([FromBody] CreateUserRequest request, [FromServices] EmulatorUsers users, CancellationToken cancellationToken)
    {
        var user = await users.CreateAsync(request, cancellationToken);
        return StatusCode(StatusCodes.Status201Created, user);
    }

    [HttpGet("clock")]
    public ClockState GetClock() => ClockNow();

    /// <summary>Moves the clock: <c>{ "advanceSeconds": N }</c> or <c>{ "now": "ISO 8601" }</c>.</summary>
    [HttpPost("clock")]
    public ClockState SetClock([FromBody] SetClockRequest request)
    {
        switch (request)
        {
            case { AdvanceSeconds: { } seconds, Now: null }:
                if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > 100L * 365 * 24 * 3600)
                {
                    throw new ApiProblemException(ProblemCatalog.InvalidRequest, "'advanceSeconds' must be a number of seconds within 100 years.");
                }
                clock.Advance(TimeSpan.FromSeconds(seconds));
                break;
            case { Now: { } now, AdvanceSeconds: null }:
                clock.Set(now);
                break;
            default:
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "Send exactly one of 'advanceSeconds' (a number) and 'now' (an ISO 8601 time).");
        }
        return ClockNow();
    }

    /// <summary>Back to real time.</summary>
    [HttpDelete("clock")]
    public ClockState ResetClock()
    {
        clock.Reset();
        return ClockNow();
    }

    [HttpGet("tasks/mode")]
    public TaskModeState GetTaskMode([FromServices] TaskPacing pacing) => new(TaskModeNames.Of(pacing.Mode), pacing.DelayMilliseconds);

    /// <summary>How tasks start: immediate, delay (delayMs before each starts) or manual (run or fail each by hand).</summary>
    [HttpPut("tasks/mode")]
    public TaskModeState SetTaskMode([FromBody] TaskModeRequest request, [FromServices] TaskPacing pacing)
    {
        var mode = request.Mode?.ToLowerInvariant() switch
        {
            "immediate" => TaskPacingMode.Immediate,
            "delay" => TaskPacingMode.Delay,
            "manual" => TaskPacingMode.Manual,
            _ => throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"'mode' must be 'immediate', 'delay' or 'manual', not '{request.Mode}'."),
        };
        if (mode == TaskPacingMode.Delay && request.DelayMs is not (>= 1 and <= 600_000))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The delay mode needs 'delayMs' from 1 to 600000.");
        }
        pacing.Set(mode, request.DelayMs ?? 0);
        return GetTaskMode(pacing);
    }

    /// <summary>Starts a task the manual mode holds.</summary>
    [HttpPost("tasks/{taskId}/run")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> RunTask(string taskId, [FromServices] TaskPacing pacing, [FromServices] TaskStore tasks, CancellationToken cancellationToken)
    {
        await RequireTaskAsync(tasks, taskId, cancellationToken);
        if (!pacing.Run(taskId))
        {
            throw NotHeld(taskId);
        }
        return NoContent();
    }

    /// <summary>Ends a task the manual mode holds as Failed, with the problem given.</summary>
    [HttpPost("tasks/{taskId}/fail")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> FailTask(
        string taskId, [FromBody] TaskFailRequest? request, [FromServices] TaskPacing pacing, [FromServices] TaskStore tasks,
        [FromServices] TaskQueue queue, CancellationToken cancellationToken)
    {
        var status = request?.Status ?? 500;
        if (status is < 400 or > 599)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"'status' must be an error status from 400 to 599, not {status}.");
        }
        var task = await RequireTaskAsync(tasks, taskId, cancellationToken);
        if (!pacing.Take(taskId))
        {
            throw NotHeld(taskId);
        }
        task.Status = OperationStatus.Failed;
        task.ErrorsJson = ProblemWriter.RenderArray(
            ProblemCatalog.Injected(status, request?.Title, request?.ErrorCode), request?.Detail, task.Instance, task.OperationId);
        await queue.SaveAsync(task);
        return NoContent();
    }

    [HttpGet("limits")]
    public LimitsState GetLimits([FromServices] LimitProfiles limits) => new(limits.Profile);

    /// <summary>Switches the limits profile: none, or cloud (Laserfiche Cloud's per-user limits).</summary>
    [HttpPut("limits")]
    public LimitsState SetLimits([FromBody] LimitsState request, [FromServices] LimitProfiles limits)
    {
        limits.Set(request.Profile);
        return new(limits.Profile);
    }

    private ClockState ClockNow() => new(clock.GetUtcNow(), clock.Offset.TotalSeconds);

    private static async Task<TaskRecord> RequireTaskAsync(TaskStore tasks, string taskId, CancellationToken cancellationToken) =>
        await tasks.FindAsync(taskId, cancellationToken)
        ?? throw new ApiProblemException(ProblemCatalog.TaskNotFound, $"There is no task with id '{taskId}'.");

    private static ApiProblemException NotHeld(string taskId) =>
        new(ProblemCatalog.TaskNotHeld, $"Task '{taskId}' is not held by the manual task mode; set it with PUT /_emulator/tasks/mode before starting the task.");
}
