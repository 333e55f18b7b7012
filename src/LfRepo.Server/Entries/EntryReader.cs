using System.Data.Common;
using System.Text;
using System.Text.Json;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Entries;

/// <summary>One page of a folder listing.</summary>
public sealed record EntryPage(IReadOnlyList<EntryRecord> Rows, int FirstRowNumber, long? TotalCount, SkipToken? Next);

/// <summary>
/// The read side of the entry tree, on plain SQLite commands: these are the hot paths (GetEntry, ListEntries),
/// and EF's per-request materialisation costs several times more than the lookups themselves.
/// </summary>
public sealed class EntryReader(StoreConnection store, EntryCache cache)
{
    /// <summary>
    /// The columns the wire shape needs, in the order <see cref="Read"/> takes them, from the entries <c>e</c> and
    /// their document state <c>ds</c>: select them <c>FROM</c> <see cref="From"/> (or join <see cref="JoinStates"/>).
    /// </summary>
    public const string Columns =
        "e.Id, e.ParentId, e.Name, e.FullPath, e.EntryType, e.Creator, e.CreationTicks, e.LastModifiedTicks, e.VolumeName, " +
        "e.TemplateId, e.TemplateName, e.TargetId, e.TargetType, e.Extension, e.MimeType, e.ElectronicDocumentSize, " +
        "e.IsElectronicDocument, e.PageCount, e.NameKey, " +
        "COALESCE(ds.IsUnderVersionControl, 0), COALESCE(ds.CurrentVersion, 0), ds.CheckedOutBy, ds.LockedBy, " +
        "EXISTS (SELECT 1 FROM RecordProperties r WHERE r.EntryId = e.Id AND r.Kind IN (1, 2)), " +
        // A folder is under a record series when a series' path is a prefix of its own (series are few).
        // CASE … THEN 1 ELSE 0: the same integer on both engines (PostgreSQL's EXISTS is a boolean).
        "CASE WHEN e.EntryType = 0 AND EXISTS (SELECT 1 FROM RecordProperties r JOIN Entries a ON a.Id = r.EntryId " +
        "WHERE r.Kind = 3 AND e.FullPath > a.FullPath || '\\' AND e.FullPath < a.FullPath || ']') THEN 1 ELSE 0 END";

    /// <summary>The document state of each entry <c>e</c> (documents only have one): one lookup per row.</summary>
    public const string JoinStates = " LEFT JOIN DocumentStates ds ON ds.EntryId = e.Id";

    /// <summary>The entries with their document state, for <see cref="Columns"/>.</summary>
    public const string From = "Entries e" + JoinStates;

    public const int ColumnCount = 25;

    /// <summary>Reads the <see cref="Columns"/> of one row starting at <paramref name="offset"/>.</summary>
    public static EntryRecord Read(DbDataReader reader, int offset = 0) => new()
    {
        Id = reader.GetInt32(offset),
        ParentId = reader.IsDBNull(offset + 1) ? null : reader.GetInt32(offset + 1),
        Name = reader.GetString(offset + 2),
        FullPath = reader.GetString(offset + 3),
        EntryType = (EntryType)reader.GetInt32(offset + 4),
        Creator = reader.GetString(offset + 5),
        CreationTicks = reader.GetInt64(offset + 6),
        LastModifiedTicks = reader.GetInt64(offset + 7),
        VolumeName = reader.GetString(offset + 8),
        TemplateId = reader.GetInt32(offset + 9),
        TemplateName = reader.GetString(offset + 10),
        TargetId = reader.IsDBNull(offset + 11) ? null : reader.GetInt32(offset + 11),
        TargetType = reader.IsDBNull(offset + 12) ? null : (EntryType)reader.GetInt32(offset + 12),
        Extension = reader.GetString(offset + 13),
        MimeType = reader.GetString(offset + 14),
        ElectronicDocumentSize = reader.GetInt64(offset + 15),
        IsElectronicDocument = reader.GetFlag(offset + 16),
        PageCount = reader.GetInt32(offset + 17),
        NameKey = reader.GetString(offset + 18),
        IsUnderVersionControl = reader.GetFlag(offset + 19),
        CurrentVersion = reader.GetInt32(offset + 20),
        CheckedOutBy = reader.IsDBNull(offset + 21) ? null : reader.GetString(offset + 21),
        LockedBy = reader.IsDBNull(offset + 22) ? null : reader.GetString(offset + 22),
        IsRecord = reader.GetFlag(offset + 23),
        IsUnderRecordSeries = reader.GetFlag(offset + 24),
    };

    /// <summary>SQL for each sortable EDM property of an entry; ties always end on Id.</summary>
    internal static readonly Dictionary<string, string> SortColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "e.Id",
        ["name"] = "e.NameKey",
        ["fullPath"] = "e.NameKey",
        ["folderPath"] = "e.ParentId",
        ["parentId"] = "e.ParentId",
        ["entryType"] = "e.EntryType",
        ["creator"] = "e.Creator",
        ["creationTime"] = "e.CreationTicks",
        ["lastModifiedTime"] = "e.LastModifiedTicks",
        ["templateName"] = "e.TemplateName",
        ["templateId"] = "e.TemplateId",
        ["volumeName"] = "e.VolumeName",
        ["extension"] = "e.Extension",
        ["mimeType"] = "e.MimeType",
        ["pageCount"] = "e.PageCount",
        ["electronicDocumentSize"] = "e.ElectronicDocumentSize",
        ["isElectronicDocument"] = "e.IsElectronicDocument",
        ["targetId"] = "COALESCE(e.TargetId, 0)",
        ["isContainer"] = "(e.EntryType <= 1)",
        ["isLeaf"] = "(e.EntryType >= 2)",
    };

    public async Task<EntryRecord?> FindAsync(int id, CancellationToken cancellationToken)
    {
        if (cache.TryGet(id, out var cached))
        {
            return cached;
        }
        var version = cache.Version;
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {From} WHERE e.Id = @id";
        command.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var entry = Read(reader);
        cache.Add(entry, version);
        return entry;
    }

    /// <summary>Whether <paramref name="id"/> was ever an entry's id: entry ids are never reused (AUTOINCREMENT).</summary>
    public async Task<bool> WasGivenOutAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = store.Dialect.LastIdGiven("Entries");
        return id > 0 && id <= Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>Counts of a folder's immediate children by type (GetEntry's childInfo); record series count as folders.</summary>
    public async Task<ChildInfo> ChildInfoAsync(int folderId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT e.EntryType, COUNT(*) FROM Entries e WHERE e.ParentId = @id GROUP BY e.EntryType";
        command.AddWithValue("@id", folderId);
        int folders = 0, documents = 0, shortcuts = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt32(1);
            switch ((EntryType)reader.GetInt32(0))
            {
                case EntryType.Document: documents += count; break;
                case EntryType.Shortcut: shortcuts += count; break;
                default: folders += count; break;
            }
        }
        long total = folders + documents + shortcuts;
        return new ChildInfo(total > 0, total, folders, documents, shortcuts);
    }

    public async Task<EntryRecord> GetAsync(int id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) ?? throw NotFound(id);

    public static ApiProblemException NotFound(int id) =>
        new(ProblemCatalog.EntryNotFound, $"Entry {id} does not exist.");

    /// <summary>Resolves a backslash (or slash) path case-insensitively; also returns the deepest entry found.</summary>
    public async Task<(EntryRecord? Entry, EntryRecord Closest)> FindByPathAsync(string fullPath, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {From} WHERE e.Id = @id";
        command.AddWithValue("@id", StoreInitializer.RootFolderId);
        EntryRecord current;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            current = Read(reader);
        }

        command.CommandText = $"SELECT {Columns} FROM {From} WHERE e.ParentId = @parent AND e.NameKey = @key";
        command.Parameters.Clear();
        var parent = command.AddParameter("@parent");
        var key = command.AddParameter("@key");
        foreach (var segment in fullPath.Split(['\\', '/'], StringSplitOptions.RemoveEmptyEntries))
        {
            parent.Value = current.Id;
            key.Value = EntryNames.Key(segment);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (null, current);
            }
            current = Read(reader);
        }
        return (current, current);
    }

    /// <summary>One page of a folder's children, ordered and paged as the query says; <paramref name="visibility"/> keeps only what the caller may browse.</summary>
    public async Task<EntryPage> ListChildrenAsync(int folderId, ListQuery query, bool groupByEntryType, BrowseFilter? visibility, CancellationToken cancellationToken)
    {
        var order = new List<(string Sql, bool Descending)>();
        if (groupByEntryType)
        {
            order.Add(("e.EntryType", false));
        }
        foreach (var term in query.OrderBy)
        {
            if (!SortColumns.TryGetValue(term.Property, out var column))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$orderby: entries cannot be ordered by '{term.Property}'.");
            }
            order.Add((column, term.Descending));
        }
        if (query.OrderBy.Count == 0)
        {
            order.Add(("e.NameKey", false));
        }
        order.Add(("e.Id", order[^1].Descending));

        var take = query.Take;
        var continuation = query.Continuation;
        if (continuation?.LastKey is { } lastKey && lastKey.Length != order.Count)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, "$skiptoken does not belong to this ordering; follow @odata.nextLink as given.");
        }

        await using var connection = await store.OpenAsync(cancellationToken);
        long? total = null;
        if (query.Count)
        {
            await using var countCommand = connection.CreateCommand();
            countCommand.CommandText = "SELECT COUNT(*) FROM Entries e WHERE e.ParentId = @parent" + (visibility is null ? "" : " AND " + visibility.Sql);
            countCommand.AddWithValue("@parent", folderId);
            visibility?.Bind(countCommand);
            total = (long)(await countCommand.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }

        var rows = new List<EntryRecord>(Math.Min(take, 1000));
        object[]? lastRowKey = null;
        var hasMore = false;
        if (take > 0)
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder("SELECT ").Append(Columns);
            foreach (var (column, _) in order)
            {
                sql.Append(", ").Append(column);
            }
            sql.Append(" FROM ").Append(From).Append(" WHERE e.ParentId = @parent");
            command.AddWithValue("@parent", folderId);
            if (visibility is not null)
            {
                sql.Append(" AND ").Append(visibility.Sql);
                visibility.Bind(command);
            }
            if (continuation?.LastKey is { } key)
            {
                sql.Append(" AND ").Append(KeysetCondition(order, key, command));
            }
            sql.Append(" ORDER BY ").AppendJoin(", ", order.Select(o => o.Descending ? o.Sql + " DESC" : o.Sql));
            // One row more than the page tells whether a next page exists.
            sql.Append(" LIMIT @take");
            command.AddWithValue("@take", take + 1);
            if (continuation?.LastKey is null && query.Offset > 0)
            {
                sql.Append(" OFFSET @offset");
                command.AddWithValue("@offset", query.Offset);
            }
            command.CommandText = sql.ToString();

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (rows.Count == take)
                {
                    hasMore = true;
                    break;
                }
                rows.Add(Read(reader));
                if (rows.Count == take)
                {
                    lastRowKey = new object[order.Count];
                    for (var i = 0; i < order.Count; i++)
                    {
                        lastRowKey[i] = reader.GetValue(ColumnCount + i);
                    }
                }
            }
        }

        var next = query.NextPage(rows.Count, hasMore && lastRowKey is not null, () => [.. lastRowKey!.Select(v => JsonSerializer.SerializeToElement(v))]);
        return new EntryPage(rows, query.Offset + 1, total, next);
    }

    private static string KeysetCondition(List<(string Sql, bool Descending)> order, JsonElement[] key, DbCommand command)
    {
        for (var i = 0; i < key.Length; i++)
        {
            command.AddWithValue("@k" + i, key[i].ValueKind switch
            {
                JsonValueKind.Number => key[i].GetInt64(),
                JsonValueKind.String => key[i].GetString()!,
                JsonValueKind.True => 1L,
                JsonValueKind.False => 0L,
                _ => throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, "$skiptoken is damaged; follow @odata.nextLink as given."),
            });
        }

        if (order.All(o => o.Descending == order[0].Descending))
        {
            // A row value comparison lets SQLite seek in the index rather than filter.
            var columns = string.Join(", ", order.Select(o => o.Sql));
            var parameters = string.Join(", ", order.Select((_, i) => "@k" + i));
            return $"({columns}) {(order[0].Descending ? "<" : ">")} ({parameters})";
        }

        var alternatives = new List<string>();
        for (var i = 0; i < order.Count; i++)
        {
            var parts = new List<string>();
            for (var j = 0; j < i; j++)
            {
                parts.Add($"{order[j].Sql} = @k{j}");
            }
            parts.Add($"{order[i].Sql} {(order[i].Descending ? "<" : ">")} @k{i}");
            alternatives.Add("(" + string.Join(" AND ", parts) + ")");
        }
        return "(" + string.Join(" OR ", alternatives) + ")";
    }
}
