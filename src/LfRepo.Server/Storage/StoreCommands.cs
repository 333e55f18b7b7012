using System.Data.Common;

namespace LfRepo.Server.Storage;

/// <summary>
/// One-line SQL statements and parameters on an open connection of either engine. Parameters are named
/// <c>@name</c> in the SQL text: both engines read that form.
/// </summary>
public static class StoreCommands
{
    public static async Task ExecuteAsync(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarAsync(this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>
    /// Adds a parameter with its value (null becomes SQL NULL). A flag is sent as 1 or 0: the store keeps flags as
    /// integers on both engines (SQLite has no boolean type; PostgreSQL's model maps them so), and an enum member
    /// as its number.
    /// </summary>
    public static DbParameter AddWithValue(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value switch
        {
            null => DBNull.Value,
            bool flag => flag ? 1 : 0,
            Enum member => Convert.ChangeType(member, Enum.GetUnderlyingType(member.GetType()), System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// Adds a parameter whose value is set before each execution (a loop over one command). It starts as SQL NULL:
    /// PostgreSQL refuses a command with a parameter that has no value, even one a statement of the loop does not use.
    /// </summary>
    public static DbParameter AddParameter(this DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
