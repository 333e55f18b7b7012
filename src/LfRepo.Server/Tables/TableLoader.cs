using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Tables;

/// <summary>
/// Bulk-inserts rows into a lookup table with one prepared statement inside the caller's transaction. Any bad
/// row throws <see cref="FormatException"/> naming its line and column, so the caller's rollback changes nothing.
/// </summary>
public static class TableLoader
{
    /// <summary>
    /// Loads a CSV whose first record names the columns (any order, any subset; <c>_key</c> optional: rows without
    /// one are numbered 1, 2, …). Returns the number of rows.
    /// </summary>
    public static async Task<long> LoadCsvAsync(SqliteConnection connection, SqliteTransaction transaction, TableDefinition table, TextReader text,
        Func<long, Task>? progress, CancellationToken cancellationToken)
    {
        using var csv = new CsvReader(text);
        var header = csv.ReadRecord() ?? throw new FormatException("The CSV is empty; its first line must name the columns.");
        var targets = new TableColumn?[header.Count];
        var keyIndex = -1;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (!seen.Add(name))
            {
                throw new FormatException($"Line 1: column '{name}' appears twice in the header.");
            }
            if (name.Equals(TableDefinition.KeyColumn, StringComparison.OrdinalIgnoreCase))
            {
                keyIndex = i;
                continue;
            }
            targets[i] = table.FindColumn(name)
                ?? throw new FormatException($"Line 1: table '{table.Name}' has no column '{name}'; its columns are {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        }

        await using var insert = InsertCommand(connection, transaction, table);
        long count = 0;
        while (csv.ReadRecord() is { } record)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.Count != header.Count)
            {
                throw new FormatException($"Line {csv.RecordLine}: {record.Count} fields where the header names {header.Count}.");
            }
            count++;
            ClearValues(insert);
            for (var i = 0; i < record.Count; i++)
            {
                if (i == keyIndex)
                {
                    if (string.IsNullOrEmpty(record[i]))
                    {
                        throw new FormatException($"Line {csv.RecordLine}: _key is empty.");
                    }
                    insert.Parameters[0].Value = record[i];
                    continue;
                }
                var column = targets[i]!;
                try
                {
                    insert.Parameters["$" + column.Name].Value = TableValues.FromText(column, record[i]) ?? DBNull.Value;
                }
                catch (FormatException ex)
                {
                    throw new FormatException($"Line {csv.RecordLine}: {ex.Message}");
                }
            }
            if (keyIndex < 0)
            {
                insert.Parameters[0].Value = count.ToString(CultureInfo.InvariantCulture);
            }
            await ExecuteAsync(insert, $"Line {csv.RecordLine}", cancellationToken);
            if (progress is not null && count % 1000 == 0)
            {
                await progress(count);
            }
        }
        return count;
    }

    /// <summary>Loads generated rows, one value per declared column in order, keys numbered 1, 2, ….</summary>
    public static async Task LoadRowsAsync(SqliteConnection connection, SqliteTransaction transaction, TableDefinition table, IEnumerable<string?[]> rows, CancellationToken cancellationToken)
    {
        await using var insert = InsertCommand(connection, transaction, table);
        long count = 0;
        foreach (var row in rows)
        {
            count++;
            insert.Parameters[0].Value = count.ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                insert.Parameters[i + 1].Value = TableValues.FromText(table.Columns[i], row[i]) ?? DBNull.Value;
            }
            await ExecuteAsync(insert, $"Row {count}", cancellationToken);
        }
    }

    private static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction, TableDefinition table)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var names = new[] { TableDefinition.KeyColumn }.Concat(table.Columns.Select(c => c.Name)).ToList();
        command.CommandText = $"INSERT INTO {table.SqlName} ({string.Join(", ", names.Select(Sql.Quote))}) VALUES ({string.Join(", ", names.Select(n => "$" + n))})";
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter("$" + name, DBNull.Value));
        }
        command.Prepare();
        return command;
    }

    private static void ClearValues(SqliteCommand command)
    {
        foreach (SqliteParameter parameter in command.Parameters)
        {
            parameter.Value = DBNull.Value;
        }
    }

    private static async Task ExecuteAsync(SqliteCommand insert, string where, CancellationToken cancellationToken)
    {
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new FormatException($"{where}: _key '{insert.Parameters[0].Value}' appears more than once.");
        }
    }
}
