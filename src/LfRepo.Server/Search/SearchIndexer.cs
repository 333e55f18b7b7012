using Microsoft.Extensions.Options;

namespace LfRepo.Server.Search;

/// <summary>
/// Keeps the full-text index up to date in the background, so the first search after many imports does not pay for
/// indexing them: every <see cref="SearchOptions.IndexIntervalSeconds"/> it runs the same catch-up a search runs
/// (a single <c>max(Id)</c> read when no page was added). Searches still catch up themselves, so the index is never
/// behind what a search sees.
/// </summary>
public sealed class SearchIndexer(SearchTextIndex index, IOptions<SearchOptions> options, ILogger<SearchIndexer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.IndexIntervalSeconds;
        if (interval <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(interval));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await index.CatchUpAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next tick (or the next search) tries again; a search reports its own failure.
                    logger.LogWarning(ex, "Indexing page texts for search failed; retrying in {Seconds} s", interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a batch being indexed is rolled back and indexed again later.
        }
    }
}
