using LfRepo.Server.Documents;
using System.Data.Common;

namespace LfRepo.Server.Storage;

/// <summary>What the deep health check found: each list holds one line per defect, empty when the store is sound.</summary>
public sealed record IntegrityReport(
    IReadOnlyList<string> Orphans,
    IReadOnlyList<string> WrongPaths,
    IReadOnlyList<string> DanglingRows,
    IReadOnlyList<string> MissingContent,
    IReadOnlyList<string> UnreferencedContent)
{
    public bool IsSound => Orphans.Count + WrongPaths.Count + DanglingRows.Count + MissingContent.Count + UnreferencedContent.Count == 0;
}

/// <summary>
/// Checks the store's invariants (<c>GET /health?deep=true</c>, and the race and crash tests): every entry but the
/// root has its parent, every path is its parent's path plus its name, every metadata, page and edoc row belongs
/// to an entry, every referenced blob is stored, and every stored blob is referenced. It reads the whole store:
/// meant for tests and diagnosis, not for load balancers.
/// </summary>
public sealed class StoreIntegrity(StoreConnection store, ContentStore content)
{
    private const int MaxListed = 50;

    public async Task<IntegrityReport> CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        // One read transaction: every query sees the same snapshot.
        await using var transaction = await store.Dialect.BeginReadTransactionAsync(connection, cancellationToken);
        var orphans = await ListAsync(connection, transaction, """
            SELECT 'entry ' || e.Id || ' (' || e.FullPath || ') has no parent ' || e.ParentId
            FROM Entries e WHERE e.ParentId IS NOT NULL AND NOT EXISTS (SELECT 1 FROM Entries p WHERE p.Id = e.ParentId)
            """, cancellationToken);
        var wrongPaths = await ListAsync(connection, transaction, """
            SELECT 'entry ' || e.Id || ' has path ' || e.FullPath || ' in folder ' || p.FullPath
            FROM Entries e JOIN Entries p ON p.Id = e.ParentId
            WHERE e.FullPath <> CASE WHEN p.FullPath = '\' THEN '\' || e.Name ELSE p.FullPath || '\' || e.Name END
            UNION ALL SELECT 'the root folder has path ' || FullPath FROM Entries WHERE ParentId IS NULL AND FullPath <> '\'
            """, cancellationToken);
        var dangling = await ListAsync(connection, transaction, """
            SELECT t || ' row of missing entry ' || EntryId FROM (
                SELECT 'EntryFields' AS t, EntryId FROM EntryFields UNION ALL SELECT 'EntryTags', EntryId FROM EntryTags
                UNION ALL SELECT 'EntryLinks', SourceId FROM EntryLinks UNION ALL SELECT 'EntryLinks', TargetId FROM EntryLinks
                UNION ALL SELECT 'Edocs', EntryId FROM Edocs UNION ALL SELECT 'Pages', EntryId FROM Pages) r
            WHERE NOT EXISTS (SELECT 1 FROM Entries e WHERE e.Id = r.EntryId)
            """, cancellationToken);
        var referenced = await ListAsync(connection, transaction, """
            SELECT Sha256 FROM Edocs UNION SELECT ImageSha256 FROM Pages WHERE ImageSha256 IS NOT NULL
            UNION SELECT TextSha256 FROM Pages WHERE TextSha256 IS NOT NULL
            """, cancellationToken, limit: int.MaxValue);
        var recorded = await ListAsync(connection, transaction, "SELECT Sha256 FROM Contents", cancellationToken, limit: int.MaxValue);
        await transaction.CommitAsync(cancellationToken);

        var stored = content.ListStoredBlobs().ToHashSet(StringComparer.Ordinal);
        var recordedSet = recorded.ToHashSet(StringComparer.Ordinal);
        var referencedSet = referenced.ToHashSet(StringComparer.Ordinal);
        var missing = referenced.Where(sha => !recordedSet.Contains(sha) || !stored.Contains(sha)).Select(sha => $"blob {sha} is referenced but not stored");
        var unreferenced = stored.Where(sha => !referencedSet.Contains(sha)).Select(sha => $"blob {sha} is stored but nothing references it")
            .Concat(recorded.Where(sha => !stored.Contains(sha) && !referencedSet.Contains(sha)).Select(sha => $"Contents row {sha} has no file"));
        return new IntegrityReport(orphans, wrongPaths, dangling, [.. missing.Take(MaxListed)], [.. unreferenced.Take(MaxListed)]);
    }

    private static async Task<List<string>> ListAsync(
        DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, int limit = MaxListed)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var list = new List<string>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (list.Count < limit && await rows.ReadAsync(cancellationToken))
        {
            list.Add(rows.GetString(0));
        }
        return list;
    }
}
