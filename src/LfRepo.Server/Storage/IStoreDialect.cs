using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Storage;

/// <summary>
/// What differs between database engines, in one place: a second engine is a second implementation of this
/// interface, not edits across the features. Features ask the dialect instead of writing engine-specific SQL.
/// </summary>
public interface IStoreDialect
{
    /// <summary>Points EF Core at the engine.</summary>
    void Configure(DbContextOptionsBuilder builder, string connectionString);

    /// <summary>Per-database settings made once at start, before the migrations (SQLite: WAL journal).</summary>
    Task PrepareStoreAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The names of the database's own tables (not the engine's).</summary>
    Task<IReadOnlyList<string>> ListTablesAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Stops the statements running on <paramref name="connection"/> when <paramref name="cancellationToken"/> is
    /// cancelled: a long query then fails (see <see cref="IsInterrupt"/>) instead of running to its end.
    /// </summary>
    IDisposable InterruptOn(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="exception"/> is a statement stopped by <see cref="InterruptOn"/>.</summary>
    bool IsInterrupt(Exception exception);
}
