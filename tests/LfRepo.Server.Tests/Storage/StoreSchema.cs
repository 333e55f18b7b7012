using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tests.Storage;

/// <summary>A store's schema as a list of normalised CREATE statements, to compare two stores or a store and a script.</summary>
internal static partial class StoreSchema
{
    /// <summary>The tables and indexes of an open database, leaving out EF Core's migration bookkeeping.</summary>
    public static async Task<List<string>> ReadAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%'";
        await using var reader = await command.ExecuteReaderAsync();
        var statements = new List<string>();
        while (await reader.ReadAsync())
        {
            statements.AddRange(Statements(reader.GetString(0)));
        }
        return statements;
    }

    public static List<string> Statements(string sql) =>
        sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Whitespace().Replace(s, " ").Replace("( ", "(").Replace(" )", ")").Trim())
            .Where(s => s.Length > 0 && !s.StartsWith("--", StringComparison.Ordinal))
            .ToList();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
