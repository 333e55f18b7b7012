using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LfRepo.Server.Tests.Infrastructure;

/// <summary>
/// The engine the suite runs on: SQLite unless <c>LFREPO_TEST_STORE=postgres</c>, then PostgreSQL through the
/// server <c>LFREPO_TEST_PG</c> names (a connection string of a user who may create databases). The test classes
/// that pass on both engines carry <c>[Trait("Engine", "Both")]</c>; the PostgreSQL run selects them.
/// </summary>
public static class TestStore
{
    public static bool OnPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("LFREPO_TEST_STORE"), "postgres", StringComparison.OrdinalIgnoreCase);

    private static string Server => Environment.GetEnvironmentVariable("LFREPO_TEST_PG")
        ?? throw new InvalidOperationException("LFREPO_TEST_STORE=postgres needs LFREPO_TEST_PG, a connection string of the PostgreSQL server.");

    /// <summary>Creates an empty database and returns its name.</summary>
    public static string CreateDatabase()
    {
        var name = "lfrepo_test_" + Guid.NewGuid().ToString("N");
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        command.ExecuteNonQuery();
        return name;
    }

    private static readonly ConcurrentDictionary<string, string> DatabaseOfFolder = new(StringComparer.Ordinal);

    /// <summary>
    /// The database that goes with a data folder: a server restarted on the same folder finds the repository it left,
    /// as it does on SQLite, whose file is in the folder. These databases are dropped when the test process ends.
    /// </summary>
    public static string DatabaseOf(string dataDir) => DatabaseOfFolder.GetOrAdd(Path.GetFullPath(dataDir), _ =>
    {
        if (DatabaseOfFolder.IsEmpty)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var database in DatabaseOfFolder.Values)
                {
                    DropDatabase(database);
                }
            };
        }
        return CreateDatabase();
    });

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ToString();

    /// <summary>Drops the database, closing the connections the app's pool still holds.</summary>
    public static void DropDatabase(string database)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {database} WITH (FORCE)";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// An open connection to the store of a server on <paramref name="dataDir"/> (SQLite's file in it, or its
    /// PostgreSQL database), for a test to write what no request writes while no server runs.
    /// </summary>
    public static async Task<DbConnection> OpenStoreOfAsync(string dataDir)
    {
        DbConnection connection = OnPostgres
            ? new NpgsqlConnection(ConnectionString(DatabaseOf(dataDir)))
            : new SqliteConnection($"Data Source={Path.Combine(dataDir, "lfrepo.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
