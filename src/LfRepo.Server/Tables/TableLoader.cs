using System.Data;
using System.Data.Common;
using System.Globalization;
using LfRepo.Server.Storage;

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
    public static async Task<long> LoadCsvAsync(DbConnection connection, DbTransaction transaction, IStoreDialect dialect, TableDefinition table, TextReader text,
        Func<long, Task>? progress, CancellationToken cancellationToken)
    {
        using var csv = new CsvReader(text);
        var header = csv.ReadRecord() ?? throw new FormatException("The CSV is empty; its first line must name the columns.");
        var targets = new TableColumn?[header.Count];
        var ordinals = new int[header.Count];
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
            var target = table.FindColumn(name);
            ordinals[i] = target is null ? -1 : table.Columns.IndexOf(target) + 1;
            targets[i] = target
                ?? throw new FormatException($"Line 1: table '{table.Name}' has no column '{name}'; its columns are {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        }

        await using var insert = await InsertCommandAsync(connection, transaction, table, cancellationToken);
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
                    insert.Parameters[ordinals[i]].Value = TableValues.FromText(column, record[i]) ?? DBNull.Value;
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
            await ExecuteAsync(insert, dialect, $"Line {csv.RecordLine}", cancellationToken);
            if (progress is not null && count % 1000 == 0)
            {
                await progress(count);
            }
        }
        return count;
    }

    /// <summary>Loads generated rows, one value per declared column in order, keys numbered 1, 2, ….</summary>
    public static async Task LoadRowsAsync(DbConnection connection, DbTransaction transaction, IStoreDialect dialect, TableDefinition table, IEnumerable<string?[]> rows, CancellationToken cancellationToken)
    {
        await using var insert = await InsertCommandAsync(connection, transaction, table, cancellationToken);
        long count = 0;
        foreach (var row in rows)
        {
            count++;
            insert.Parameters[0].Value = count.ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                insert.Parameters[i + 1].Value = TableValues.FromText(table.Columns[i], row[i]) ?? DBNull.Value;
            }
            await ExecuteAsync(insert, dialect, $"Row {count}", cancellationToken);
        }
    }

    /// <summary>Copies rows read from another store (<c>_key</c> and the declared columns, in order) into the table.</summary>
    public static async Task CopyRowsAsync(DbConnection connection, DbTransaction transaction, IStoreDialect dialect, TableDefinition table, DbDataReader rows, CancellationToken cancellationToken)
    {
        await using var insert = await InsertCommandAsync(connection, transaction, table, cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            insert.Parameters[0].Value = rows.GetString(0);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                insert.Parameters[i + 1].Value = rows.IsDBNull(i + 1) ? DBNull.Value : TableValues.Storage(table.Columns[i].Type) switch
                {
                    // Each engine reads back its own storage: SQLite's booleans are integers, its reals may be integers.
                    SideColumnType.Boolean => Convert.ToBoolean(rows.GetValue(i + 1), CultureInfo.InvariantCulture),
                    SideColumnType.Integer => Convert.ToInt64(rows.GetValue(i + 1), CultureInfo.InvariantCulture),
                    SideColumnType.Real => Convert.ToDouble(rows.GetValue(i + 1), CultureInfo.InvariantCulture),
                    _ => rows.GetString(i + 1),
                };
            }
            await ExecuteAsync(insert, dialect, $"Row '{insert.Parameters[0].Value}'", cancellationToken);
        }
    }

    /// <summary>The prepared INSERT of every column, <c>_key</c> first; each parameter typed as its column's values are.</summary>
    private static async Task<DbCommand> InsertCommandAsync(DbConnection connection, DbTransaction transaction, TableDefinition table, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var names = new[] { TableDefinition.KeyColumn }.Concat(table.Columns.Select(c => c.Name)).ToList();
        command.CommandText = $"INSERT INTO {table.SqlName} ({string.Join(", ", names.Select(Sql.Quote))}) VALUES ({string.Join(", ", names.Select((_, i) => "@v" + i.ToString(CultureInfo.InvariantCulture)))})";
        var types = new[] { DbType.String }.Concat(table.Columns.Select(c => TableValues.Storage(c.Type) switch
        {
            SideColumnType.Integer => DbType.Int64,
            SideColumnType.Real => DbType.Double,
            SideColumnType.Boolean => DbType.Boolean,
            _ => DbType.String,
        }));
        var index = 0;
        foreach (var type in types)
        {
            var parameter = command.AddWithValue("@v" + index++.ToString(CultureInfo.InvariantCulture), DBNull.Value);
            parameter.DbType = type;
        }
        await command.PrepareAsync(cancellationToken);
        return command;
    }

    private static void ClearValues(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            parameter.Value = DBNull.Value;
        }
    }

    private static async Task ExecuteAsync(DbCommand insert, IStoreDialect dialect, string where, CancellationToken cancellationToken)
    {
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException ex) when (dialect.IsConstraintViolation(ex))
        {
            throw new FormatException($"{where}: _key '{insert.Parameters[0].Value}' appears more than once.");
        }
    }
}
