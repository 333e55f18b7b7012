using System.Collections.Concurrent;

namespace LfRepo.Server.Tasks;

/// <summary>How queued tasks start: at once (the default), after a fixed delay, or only when told to.</summary>
public enum TaskPacingMode
{
    Immediate,
    Delay,
    Manual,
}

/// <summary>
/// The hook the control plane paces tasks with. A worker asks <see cref="Holds"/> before it starts a task; a held
/// task stays NotStarted and is put back on the queue once its delay is over or <see cref="Run"/> releases it, so a
/// held task never occupies a worker.
/// </summary>
public sealed class TaskPacing(TaskQueue queue)
{
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _released = new(StringComparer.Ordinal);
    private volatile Setting _setting = new(TaskPacingMode.Immediate, 0);

    public TaskPacingMode Mode => _setting.Mode;

    public int DelayMilliseconds => _setting.DelayMilliseconds;

    /// <summary>Changes the mode; tasks held by the manual mode start when another mode is chosen.</summary>
    public void Set(TaskPacingMode mode, int delayMilliseconds)
    {
        _setting = new Setting(mode, mode == TaskPacingMode.Delay ? delayMilliseconds : 0);
        if (mode != TaskPacingMode.Manual)
        {
            foreach (var id in _held.Keys)
            {
                Run(id);
            }
        }
    }

    /// <summary>True when the task must not start now; the pacing then holds it and queues it again later.</summary>
    public bool Holds(string id)
    {
        if (_released.TryRemove(id, out _))
        {
            return false;
        }
        var setting = _setting;
        switch (setting.Mode)
        {
            case TaskPacingMode.Delay when setting.DelayMilliseconds > 0:
                _ = ReleaseLaterAsync(id, setting.DelayMilliseconds);
                return true;
            case TaskPacingMode.Manual:
                _held[id] = 0;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Starts a task the manual mode holds; false when it holds no such task.</summary>
    public bool Run(string id)
    {
        if (!_held.TryRemove(id, out _))
        {
            return false;
        }
        Release(id);
        return true;
    }

    /// <summary>Takes a held task out of the pacing so it can be ended without running; false when it holds no such task.</summary>
    public bool Take(string id) => _held.TryRemove(id, out _);

    /// <summary>Forgets every held task (their rows are gone after a reset or restore) and goes back to immediate.</summary>
    public void Reset()
    {
        _held.Clear();
        _released.Clear();
        _setting = new Setting(TaskPacingMode.Immediate, 0);
    }

    private async Task ReleaseLaterAsync(string id, int delayMilliseconds)
    {
        await Task.Delay(delayMilliseconds);
        Release(id);
    }

    private void Release(string id)
    {
        _released[id] = 0;
        queue.Requeue(id);
    }

    private sealed record Setting(TaskPacingMode Mode, int DelayMilliseconds);
}
