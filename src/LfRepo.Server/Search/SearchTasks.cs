using System.Text.Json;
using LfRepo.Server.Tasks;

namespace LfRepo.Server.Search;

/// <summary>The body of StartSearchEntry (v2) and CreateSearchOperation (v1).</summary>
/// <param name="SearchCommand">The Laserfiche search command.</param>
/// <param name="FuzzyType">None (default), Percentage or NumberOfLetters: how similar a word of indexed text must be to a searched word.</param>
/// <param name="FuzzyFactor">With Percentage, how similar in percent (1–100, e.g. 80); with NumberOfLetters, how many letters may differ.</param>
public sealed record StartSearchEntryRequest(string? SearchCommand, FuzzyType? FuzzyType, int? FuzzyFactor)
{
    /// <summary>The fuzzy setting asked for: 400 when it is incomplete or out of range.</summary>
    public SearchFuzziness Fuzziness() => SearchFuzziness.From(FuzzyType, FuzzyFactor);
}

/// <summary>The body of SearchEntry (simple search).</summary>
public sealed record SearchEntryRequest(string? SearchCommand);

/// <summary>What a queued search needs to run, and to run again on refresh.</summary>
public sealed record SearchTaskRequest(string RepositoryId, string Command, FuzzyType FuzzyType = FuzzyType.None, int FuzzyFactor = 0)
{
    public static SearchTaskRequest For(string repositoryId, string command, SearchFuzziness fuzziness) =>
        new(repositoryId, command, fuzziness.Type, fuzziness.Factor);

    public SearchFuzziness ToFuzziness() => new(FuzzyType, FuzzyFactor);
}

/// <summary>StartSearchEntry's work: evaluates the search into its result rows; the result URI lists them.</summary>
public sealed class SearchEntryTask(SearchService searches) : ITaskHandler
{
    public OperationType Type => OperationType.SearchEntry;

    public async Task<TaskOutcome> RunAsync(TaskRecord task, TaskContext context)
    {
        var request = JsonSerializer.Deserialize<SearchTaskRequest>(task.RequestJson)!;
        await searches.RunAsync(task.Id, request.Command, request.ToFuzziness(), task.UserName, context.CancellationToken);
        return new TaskOutcome(0, $"{task.BaseUrl}/v2/Repositories/{Uri.EscapeDataString(request.RepositoryId)}/Searches/{task.Id}/Results");
    }
}

public static class SearchExtensions
{
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>()
            .Bind(configuration.GetSection(SearchOptions.Section))
            .Validate(o => o.SimpleSearchTimeoutSeconds > 0, "LfRepo:Search:SimpleSearchTimeoutSeconds must be positive.")
            .Validate(o => o.IndexIntervalSeconds >= 0, "LfRepo:Search:IndexIntervalSeconds must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<SearchTextIndex>();
        services.AddSingleton<Documents.IPageDependents, SearchPageTexts>();
        services.AddSingleton<SearchService>();
        services.AddHostedService<SearchIndexer>();
        services.AddScoped<ITaskHandler, SearchEntryTask>();
        return services;
    }
}
