using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace LfRepo.Server.Storage;

/// <summary>
/// Snapshots of a PostgreSQL store in the same form as a SQLite store's: one SQLite file with this release's SQLite
/// schema. A snapshot (or its archive) saved on one engine therefore restores on the other. The copy holds the
/// model's tables (not the full-text index, which its owner rebuilds), and each identity's last id given, so ids are
/// not given twice after a restore. Rows are read in one REPEATABLE READ snapshot and written back with binary COPY.
/// </summary>
internal static class PostgresCopies
{
    private const string SchemaInfoTable = "SchemaInfo";

    /// <summary>The SQLite text form EF Core gives a <see cref="DateTime"/>.</summary>
    private const string SqliteDateTime = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static async Task SaveAsync(NpgsqlConnection live, string path, CancellationToken cancellationToken)
    {
        var fileConnection = FileConnectionString(path);
        var tables = await MigrateFileAsync(fileConnection, cancellationToken);

        await using var file = new SqliteConnection(fileConnection);
        await file.OpenAsync(cancellationToken);
        await using var read = await live.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var liveColumns = await LiveColumnsAsync(live, read, cancellationToken);
        await using var write = (SqliteTransaction)await file.BeginTransactionAsync(cancellationToken);
        foreach (var table in tables.Where(t => !IsSchemaInfo(t)))
        {
            if (!liveColumns.TryGetValue(table.ToLowerInvariant(), out var sourceColumns))
            {
                continue;
            }
            var fileColumns = await FileColumnsAsync(file, write, table, cancellationToken);
            var columns = fileColumns.Where(c => sourceColumns.ContainsKey(c.ToLowerInvariant())).ToList();
            if (columns.Count == 0)
            {
                continue;
            }
            await using var select = live.CreateCommand();
            select.Transaction = read;
            select.CommandText = $"SELECT {string.Join(", ", columns.Select(c => Quote(c.ToLowerInvariant())))} FROM {Quote(table.ToLowerInvariant())}";
            await using var rows = await select.ExecuteReaderAsync(cancellationToken);
            await using var insert = file.CreateCommand();
            insert.Transaction = write;
            insert.CommandText = $"INSERT INTO {Quote(table)} ({string.Join(", ", columns.Select(Quote))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";
            var parameters = columns.Select((_, i) => insert.AddParameter("@p" + i)).ToArray();
            while (await rows.ReadAsync(cancellationToken))
            {
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i].Value = rows.IsDBNull(i) ? DBNull.Value : ToSqlite(rows.GetValue(i));
                }
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // The highest id each identity gave, where SQLite's AUTOINCREMENT keeps it.
        var fileTables = tables.ToDictionary(t => t.ToLowerInvariant(), t => t);
        foreach (var identity in await IdentitiesAsync(live, read, cancellationToken))
        {
            await using var last = live.CreateCommand();
            last.Transaction = read;
            last.CommandText = "SELECT pg_sequence_last_value(CAST(@sequence AS regclass))";
            last.AddWithValue("@sequence", identity.Sequence);
            if (await last.ExecuteScalarAsync(cancellationToken) is not long given || !fileTables.TryGetValue(identity.Table, out var table))
            {
                continue;
            }
            await using var sequence = file.CreateCommand();
            sequence.Transaction = write;
            sequence.CommandText = """
                DELETE FROM sqlite_sequence WHERE name = @name;
                INSERT INTO sqlite_sequence (name, seq) VALUES (@name, @seq);
                """;
            sequence.AddWithValue("@name", table);
            sequence.AddWithValue("@seq", given);
            await sequence.ExecuteNonQueryAsync(cancellationToken);
        }

        // The file is a SQLite store of this release: its schema version is the SQLite migrations' count.
        await using (var version = file.CreateCommand())
        {
            version.Transaction = write;
            version.CommandText = $"""DELETE FROM "{SchemaInfoTable}"; INSERT INTO "{SchemaInfoTable}" ("Id", "Version") VALUES (1, @version);""";
            version.AddWithValue("@version", StoreInitializer.CurrentVersion);
            await version.ExecuteNonQueryAsync(cancellationToken);
        }
        await write.CommitAsync(cancellationToken);
        await read.CommitAsync(cancellationToken);
    }

    public static async Task LoadAsync(string path, NpgsqlConnection live, CancellationToken cancellationToken)
    {
        // The snapshot's file stays as it is: a working copy is brought to this release's schema and read.
        var working = Path.Combine(Path.GetTempPath(), "lfrepo-restore-" + Guid.NewGuid().ToString("N") + ".db");
        File.Copy(path, working);
        try
        {
            var fileConnection = FileConnectionString(working);
            var tables = await MigrateFileAsync(fileConnection, cancellationToken);
            await using var file = new SqliteConnection(fileConnection);
            await file.OpenAsync(cancellationToken);

            await using var write = await live.BeginTransactionAsync(cancellationToken);
            var liveColumns = await LiveColumnsAsync(live, write, cancellationToken);
            var emptied = liveColumns.Keys.Where(t => !IsSchemaInfo(t) && !t.Equals("__EFMigrationsHistory", StringComparison.OrdinalIgnoreCase)).ToList();
            await Execute(live, write, "DROP TABLE IF EXISTS searchtext", cancellationToken);
            emptied.Remove("searchtext");
            if (emptied.Count > 0)
            {
                await Execute(live, write, $"TRUNCATE {string.Join(", ", emptied.Select(Quote))} RESTART IDENTITY CASCADE", cancellationToken);
            }

            var order = await ReferencedFirstAsync(live, write, tables.Select(t => t.ToLowerInvariant()).ToList(), cancellationToken);
            var fileTables = tables.ToDictionary(t => t.ToLowerInvariant(), t => t);
            foreach (var name in order.Where(t => !IsSchemaInfo(t)))
            {
                if (!liveColumns.TryGetValue(name, out var targetColumns))
                {
                    continue;
                }
                var table = fileTables[name];
                var columns = (await FileColumnsAsync(file, null, table, cancellationToken))
                    .Where(c => targetColumns.ContainsKey(c.ToLowerInvariant())).ToList();
                if (columns.Count == 0)
                {
                    continue;
                }
                var types = columns.Select(c => targetColumns[c.ToLowerInvariant()]).ToArray();
                await using var select = file.CreateCommand();
                select.CommandText = $"SELECT {string.Join(", ", columns.Select(Quote))} FROM {Quote(table)}";
                await using var rows = await select.ExecuteReaderAsync(cancellationToken);
                await using var import = await live.BeginBinaryImportAsync(
                    $"COPY {Quote(name)} ({string.Join(", ", columns.Select(c => Quote(c.ToLowerInvariant())))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
                while (await rows.ReadAsync(cancellationToken))
                {
                    await import.StartRowAsync(cancellationToken);
                    for (var i = 0; i < types.Length; i++)
                    {
                        if (rows.IsDBNull(i))
                        {
                            await import.WriteNullAsync(cancellationToken);
                        }
                        else
                        {
                            await WriteAsync(import, rows.GetValue(i), types[i], cancellationToken);
                        }
                    }
                }
                await import.CompleteAsync(cancellationToken);
            }

            // Each identity goes on from the highest id the snapshot's store gave (or starts again when it gave none).
            var given = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            await using (var sequences = file.CreateCommand())
            {
                sequences.CommandText = "SELECT name, seq FROM sqlite_sequence";
                await using var rows = await sequences.ExecuteReaderAsync(cancellationToken);
                while (await rows.ReadAsync(cancellationToken))
                {
                    given[rows.GetString(0)] = rows.GetInt64(1);
                }
            }
            foreach (var identity in await IdentitiesAsync(live, write, cancellationToken))
            {
                await using var set = live.CreateCommand();
                set.Transaction = write;
                set.CommandText = $"""
                    SELECT setval(CAST(@sequence AS regclass), GREATEST(@given, (SELECT COALESCE(max({Quote(identity.Column)}), 0) FROM {Quote(identity.Table)}), 1),
                        GREATEST(@given, (SELECT COALESCE(max({Quote(identity.Column)}), 0) FROM {Quote(identity.Table)})) > 0)
                    """;
                set.AddWithValue("@sequence", identity.Sequence);
                set.AddWithValue("@given", given.GetValueOrDefault(identity.Table));
                await set.ExecuteNonQueryAsync(cancellationToken);
            }
            await write.CommitAsync(cancellationToken);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(working);
        }
    }

    private static string FileConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
    }.ToString();

    /// <summary>Creates or upgrades the SQLite file to this release's schema and returns the model's table names in it.</summary>
    private static async Task<List<string>> MigrateFileAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var db = new LfRepoDbContext(new DbContextOptionsBuilder<LfRepoDbContext>().UseSqlite(connectionString).Options);
        await db.Database.MigrateAsync(cancellationToken);
        return [.. db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct()];
    }

    private static async Task<List<string>> FileColumnsAsync(SqliteConnection file, SqliteTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = file.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM pragma_table_info(@table)";
        command.AddWithValue("@table", table);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        var columns = new List<string>();
        while (await rows.ReadAsync(cancellationToken))
        {
            columns.Add(rows.GetString(0));
        }
        return columns;
    }

    /// <summary>Each table of the schema with its columns' types (information_schema's data_type).</summary>
    private static async Task<Dictionary<string, Dictionary<string, string>>> LiveColumnsAsync(NpgsqlConnection live, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = live.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = current_schema()
            """;
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        var tables = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        while (await rows.ReadAsync(cancellationToken))
        {
            var table = rows.GetString(0);
            if (!tables.TryGetValue(table, out var columns))
            {
                tables[table] = columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            }
            columns[rows.GetString(1)] = rows.GetString(2);
        }
        return tables;
    }

    private sealed record Identity(string Table, string Column, string Sequence);

    private static async Task<List<Identity>> IdentitiesAsync(NpgsqlConnection live, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = live.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) FROM information_schema.columns
            WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
            """;
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        var identities = new List<Identity>();
        while (await rows.ReadAsync(cancellationToken))
        {
            if (!rows.IsDBNull(2))
            {
                identities.Add(new Identity(rows.GetString(0), rows.GetString(1), rows.GetString(2)));
            }
        }
        return identities;
    }

    /// <summary>The tables ordered so that a table comes after those its foreign keys name.</summary>
    private static async Task<List<string>> ReferencedFirstAsync(NpgsqlConnection live, NpgsqlTransaction transaction, List<string> tables, CancellationToken cancellationToken)
    {
        var references = new List<(string From, string To)>();
        await using (var command = live.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT f.relname, p.relname FROM pg_constraint c
                JOIN pg_class f ON f.oid = c.conrelid JOIN pg_class p ON p.oid = c.confrelid
                WHERE c.contype = 'f' AND c.connamespace = CAST(current_schema() AS regnamespace)
                """;
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                references.Add((rows.GetString(0), rows.GetString(1)));
            }
        }
        var ordered = new List<string>();
        var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var left = new List<string>(tables);
        while (left.Count > 0)
        {
            var ready = left.Where(t => references.All(r => r.From != t || r.To == t || placed.Contains(r.To) || !left.Contains(r.To))).ToList();
            if (ready.Count == 0)
            {
                // A cycle of references: the rest go in as they are (each COPY checks its rows at its end).
                ready = left;
            }
            foreach (var table in ready)
            {
                ordered.Add(table);
                placed.Add(table);
            }
            left = [.. left.Except(ready)];
        }
        return ordered;
    }

    private static object ToSqlite(object value) => value switch
    {
        DateTime time => time.ToString(SqliteDateTime, CultureInfo.InvariantCulture),
        bool flag => flag ? 1 : 0,
        _ => value,
    };

    private static Task WriteAsync(NpgsqlBinaryImporter import, object value, string type, CancellationToken cancellationToken) => type switch
    {
        "integer" => import.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer, cancellationToken),
        "bigint" => import.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken),
        "smallint" => import.WriteAsync(Convert.ToInt16(value, CultureInfo.InvariantCulture), NpgsqlDbType.Smallint, cancellationToken),
        "boolean" => import.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0, NpgsqlDbType.Boolean, cancellationToken),
        "double precision" => import.WriteAsync(Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double, cancellationToken),
        "real" => import.WriteAsync(Convert.ToSingle(value, CultureInfo.InvariantCulture), NpgsqlDbType.Real, cancellationToken),
        "numeric" => import.WriteAsync(Convert.ToDecimal(value, CultureInfo.InvariantCulture), NpgsqlDbType.Numeric, cancellationToken),
        "bytea" => import.WriteAsync((byte[])value, NpgsqlDbType.Bytea, cancellationToken),
        "timestamp with time zone" => import.WriteAsync(
            DateTime.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            NpgsqlDbType.TimestampTz, cancellationToken),
        _ => import.WriteAsync(Convert.ToString(value, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text, cancellationToken),
    };

    private static bool IsSchemaInfo(string table) => table.Equals(SchemaInfoTable, StringComparison.OrdinalIgnoreCase);

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
