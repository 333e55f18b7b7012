namespace LfRepo.Server.Tables;

/// <summary>Settings of the Table API, bound from "LfRepo:Tables".</summary>
public sealed class TableOptions
{
    public const string Section = "LfRepo:Tables";

    /// <summary>JSON file declaring the lookup tables; null serves the built-in sample tables.</summary>
    public string? SeedFile { get; set; }

    /// <summary>Rows per page when the request sends no Prefer maxpagesize.</summary>
    public int PageSize { get; set; } = 1000;
}
