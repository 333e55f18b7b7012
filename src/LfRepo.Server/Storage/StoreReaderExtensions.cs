using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LfRepo.Server.Storage;

/// <summary>Reading values whose column type differs between the engines.</summary>
public static class StoreReaderExtensions
{
    /// <summary>
    /// A yes/no column: SQLite stores flags and computed <c>EXISTS(…)</c> as integers; PostgreSQL stores the model's
    /// flags as integers too but gives <c>EXISTS(…)</c> and comparisons as booleans. Both read as a <see cref="bool"/>.
    /// </summary>
    public static bool GetFlag(this DbDataReader reader, int ordinal)
    {
        if (reader is SqliteDataReader sqlite)
        {
            return sqlite.GetInt64(ordinal) != 0;
        }
        return reader.GetValue(ordinal) switch
        {
            bool b => b,
            int i => i != 0,
            long l => l != 0,
            short s => s != 0,
            decimal d => d != 0,
            var other => Convert.ToBoolean(other, System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
