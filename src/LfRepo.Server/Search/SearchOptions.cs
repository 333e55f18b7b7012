namespace LfRepo.Server.Search;

/// <summary>Settings of searching, section "LfRepo:Search".</summary>
public sealed class SearchOptions
{
    public const string Section = "LfRepo:Search";

    /// <summary>A simple search (SimpleSearches) that runs longer is stopped and answers 400 (the real server: 15 s).</summary>
    public double SimpleSearchTimeoutSeconds { get; set; } = 15;

    /// <summary>How often new page texts are indexed in the background; 0 leaves indexing to the searches.</summary>
    public double IndexIntervalSeconds { get; set; } = 2;
}
