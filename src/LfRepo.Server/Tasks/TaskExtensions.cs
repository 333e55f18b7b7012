using LfRepo.Server.Problems;

namespace LfRepo.Server.Tasks;

public static class TaskExtensions
{
    public static IServiceCollection AddLongOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TaskOptions>()
            .Bind(configuration.GetSection(TaskOptions.Section))
            .Validate(o => o.Workers > 0 && o.QueueCapacity > 0 && o.BatchSize > 0, "LfRepo:Tasks needs positive Workers, QueueCapacity and BatchSize.")
            .ValidateOnStart();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<TaskQueue>();
        services.AddSingleton<TaskPacing>();
        services.AddHostedService<TaskWorker>();
        services.AddScoped<ITaskHandler, TestTask>();
        return services;
    }

    /// <summary>
    /// Tasks a stopped process left queued or running end Failed with a problem saying the server restarted: their
    /// clients learn what happened, and subtree work, committed in batches, left a consistent tree behind. Only tasks
    /// whose lease has lapsed count: a process that stopped gave its leases up, while the tasks of other processes
    /// running on the same store keep theirs.
    /// </summary>
    public static async Task FailInterruptedTasksAsync(this WebApplication app)
    {
        var queue = app.Services.GetRequiredService<TaskQueue>();
        var errors = ProblemWriter.RenderArray(ProblemCatalog.ServerRestarted,
            "LfRepo stopped while this task was queued or running; what it had already done is kept.", "/", "restart");
        var failed = await app.Services.GetRequiredService<TaskStore>().FailLapsedAsync(errors, TaskQueue.LeaseNowTicks, queue.NowTicks, app.Lifetime.ApplicationStopping);
        if (failed > 0)
        {
            app.Logger.LogWarning("{Count} task(s) left unfinished by a stopped process were marked Failed", failed);
        }
    }
}
