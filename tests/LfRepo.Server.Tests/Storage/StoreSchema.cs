using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tests.Storage;

/// <summary>
/// A store's schema as comparable lines: each table's columns (name, type, nullability, key position, in name
/// order, since a migration that adds a column puts it last) and each index with its columns.
/// </summary>
internal static class StoreSchema
{
    /// <summary>
    /// Leaves out EF Core's migration bookkeeping and the full-text index's own tables, which the index builds
    /// when it first runs.
    /// </summary>
    private const string ModelTables = """
        type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%' AND name NOT LIKE 'SearchText%' AND name NOT LIKE 'SearchVocabulary%'
        """;

    public static async Task<List<string>> ReadAsync(SqliteConnection connection)
    {
        var lines = new List<string>();
        foreach (var table in await ListAsync(connection, $"SELECT name FROM sqlite_master WHERE {ModelTables} ORDER BY name"))
        {
            lines.AddRange((await ListAsync(connection,
                $"SELECT name || ' ' || type || (CASE WHEN \"notnull\" THEN ' NOT NULL' ELSE ' NULL' END) || ' pk' || pk FROM pragma_table_info('{table}') ORDER BY name"))
                .Select(column => $"{table}.{column}"));
            foreach (var index in await ListAsync(connection, $"SELECT name || (CASE WHEN \"unique\" THEN ' UNIQUE' ELSE '' END) FROM pragma_index_list('{table}') WHERE origin = 'c' ORDER BY name"))
            {
                var name = index.Split(' ')[0];
                var columns = await ListAsync(connection, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
                lines.Add($"{table} index {index} ({string.Join(", ", columns)})");
            }
        }
        return lines;
    }

    private static async Task<List<string>> ListAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
