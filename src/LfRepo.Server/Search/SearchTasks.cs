using System.Text.Json;
using LfRepo.Server.Problems;
using LfRepo.Server.Tasks;

namespace LfRepo.Server.Search;

/// <summary>How fuzzy matching is measured; only None is supported.</summary>
public enum FuzzyType
{
    None,
    Percentage,
    NumberOfLetters,
}

/// <summary>The body of StartSearchEntry.</summary>
public sealed record StartSearchEntryRequest(string? SearchCommand, FuzzyType? FuzzyType, int? FuzzyFactor)
{
    public void RejectFuzzy()
    {
        if (FuzzyType is { } fuzzy and not Search.FuzzyType.None)
        {
            throw new ApiProblemException(ProblemCatalog.NotImplemented,
                $"Fuzzy search (fuzzyType {fuzzy}) is not implemented by LfRepo yet; search with fuzzyType None.");
        }
    }
}

/// <summary>The body of SearchEntry (simple search).</summary>
public sealed record SearchEntryRequest(string? SearchCommand);

/// <summary>What a queued search needs to run.</summary>
public sealed record SearchTaskRequest(string RepositoryId, string Command);

/// <summary>StartSearchEntry's work: evaluates the search into its result rows; the result URI lists them.</summary>
public sealed class SearchEntryTask(SearchService searches) : ITaskHandler
{
    public OperationType Type => OperationType.SearchEntry;

    public async Task<TaskOutcome> RunAsync(TaskRecord task, TaskContext context)
    {
        var request = JsonSerializer.Deserialize<SearchTaskRequest>(task.RequestJson)!;
        await searches.RunAsync(task.Id, request.Command, context.CancellationToken);
        return new TaskOutcome(0, $"{task.BaseUrl}/v2/Repositories/{Uri.EscapeDataString(request.RepositoryId)}/Searches/{task.Id}/Results");
    }
}

public static class SearchExtensions
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.AddSingleton<SearchTextIndex>();
        services.AddSingleton<SearchService>();
        services.AddScoped<ITaskHandler, SearchEntryTask>();
        return services;
    }
}
