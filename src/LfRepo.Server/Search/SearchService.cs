using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LfRepo.Server.Entries;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;
using LfRepo.Server.Tasks;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Search;

/// <summary>An open search: its command and fuzzy setting.</summary>
public sealed record OpenSearch(string Command, SearchFuzziness Fuzziness);

/// <summary>One page of search results: the entries with their stored row numbers.</summary>
public sealed record SearchPage(IReadOnlyList<(int RowNumber, EntryRecord Entry)> Rows, long? TotalCount, SkipToken? Next);

/// <summary>
/// Evaluates searches as one SQL statement that writes the matching entry ids, in result order, into SearchResults;
/// pages are read from there. Results expire <see cref="Expiry"/> after they were last read.
/// </summary>
public sealed class SearchService(
    StoreConnection store, IStoreDialect dialect, MetadataCatalog catalog, EntryReader reader, EntryAccess access, DefinitionAccess definitions,
    UserDirectory directory, SearchTextIndex textIndex, IOptions<SearchOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(5);

    /// <summary>Simple searches return at most this many entries.</summary>
    public const int SimpleSearchLimit = 100;

    /// <summary>Parses and translates <paramref name="command"/>: bad syntax, names and folders fail here, before any task starts.</summary>
    public async Task CheckAsync(string? command, CancellationToken cancellationToken) =>
        await new SearchSql(catalog, reader, textIndex, SearchFuzziness.None, dialect).TranslateAsync(Parse(command), cancellationToken);

    /// <summary>The fields <paramref name="user"/> may not read (no ReadValue): their values never match for them.</summary>
    private HashSet<int> HiddenFields(string? user) =>
        user is null ? [] : [.. catalog.Fields.Where(f => !definitions.CanRead(user, f.Id)).Select(f => f.Id)];

    private static SearchNode Parse(string? command) => string.IsNullOrWhiteSpace(command)
        ? throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The searchCommand is required and must not be empty.")
        : SearchParser.Parse(command);

    /// <summary>
    /// The SQL condition of <paramref name="command"/>. A search of document text first brings the full-text index up
    /// to date (fuzzy words are looked up in its vocabulary).
    /// </summary>
    private async Task<(SearchSql Sql, string Condition)> PrepareAsync(string? command, SearchFuzziness fuzziness, string user, CancellationToken cancellationToken)
    {
        var node = Parse(command);
        if (SearchHits.SearchesText(node))
        {
            await textIndex.CatchUpAsync(cancellationToken);
        }
        var annotations = SearchAnnotations.Uses(node) ? await AnnotationAccessAsync(user, cancellationToken) : null;
        var sql = new SearchSql(catalog, reader, textIndex, fuzziness, dialect, HiddenFields(user), annotations, CreatorIds);
        return (sql, await sql.TranslateAsync(node, cancellationToken));
    }

    /// <summary>
    /// The annotated entries whose annotations <paramref name="user"/> may not find entries by: without SeeAnnotations
    /// none of them, without SeeThroughRedactions no redaction's comment. Null for administrators.
    /// </summary>
    private async Task<AnnotationAccess?> AnnotationAccessAsync(string user, CancellationToken cancellationToken)
    {
        var principal = access.Principal(user);
        if (principal.IsAdministrator)
        {
            return null;
        }
        var annotated = new List<int>();
        await using (var connection = await store.OpenAsync(cancellationToken))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT DISTINCT EntryId FROM {SearchAnnotations.Table}";
            await using var rows = await command.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                annotated.Add(rows.GetInt32(0));
            }
        }
        var seen = await access.HoldingAsync(principal, annotated, EntryRight.SeeAnnotations, cancellationToken);
        var seenThrough = await access.HoldingAsync(principal, annotated, EntryRight.SeeThroughRedactions, cancellationToken);
        return new AnnotationAccess(annotated.Where(id => !seen.Contains(id)).ToHashSet(), annotated.Where(id => !seenThrough.Contains(id)).ToHashSet());
    }

    /// <summary>The ids annotations record as the creator for the users whose names match <paramref name="pattern"/> (wildcards * and ?).</summary>
    private IReadOnlyList<string> CreatorIds(string pattern)
    {
        var regex = new System.Text.RegularExpressions.Regex(
            "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        return [.. directory.All.Where(t => !t.IsGroup && regex.IsMatch(t.Name)).Select(t => t.Sid)];
    }

    /// <summary>Evaluates the search of task <paramref name="taskId"/> and stores its rows, replacing earlier ones.</summary>
    public async Task<int> RunAsync(string taskId, string command, SearchFuzziness fuzziness, string user, CancellationToken cancellationToken)
    {
        var (sql, condition) = await PrepareAsync(command, fuzziness, user, cancellationToken);
        var (prefix, where, visibility) = Visible(user, condition);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            // Expired searches nobody reads again are dropped here, so their rows do not pile up.
            delete.CommandText = """
                DELETE FROM SearchResults WHERE TaskId = @task OR TaskId IN (SELECT TaskId FROM Searches WHERE LastReadTicks < @cutoff);
                DELETE FROM Searches WHERE TaskId = @task OR LastReadTicks < @cutoff;
                """;
            delete.AddWithValue("@task", taskId);
            delete.AddWithValue("@cutoff", clock.GetUtcNow().UtcTicks - Expiry.Ticks);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        int count;
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText =
                prefix + "INSERT INTO SearchResults (TaskId, RowNumber, EntryId) " +
                $"SELECT @task, ROW_NUMBER() OVER (ORDER BY e.NameKey, e.Id), e.Id FROM Entries e WHERE {where}";
            insert.AddWithValue("@task", taskId);
            sql.Bind(insert);
            visibility?.Bind(insert);
            // A cancelled search task stops its query rather than waiting for it.
            using (dialect.InterruptOn(connection, cancellationToken))
            {
                try
                {
                    count = await insert.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (Exception ex) when (dialect.IsInterrupt(ex) && cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }
        await using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO Searches (TaskId, Command, LastReadTicks, RowCount) VALUES (@task, @command, @now, @count)";
            record.AddWithValue("@task", taskId);
            record.AddWithValue("@command", command);
            record.AddWithValue("@now", clock.GetUtcNow().UtcTicks);
            record.AddWithValue("@count", count);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// The open search of <paramref name="task"/>: 404 when the task is no search, was cancelled (closed) or its results
    /// expired; 400 while it runs or when it failed. Reading renews the results' lifetime.
    /// </summary>
    public async Task<OpenSearch> OpenAsync(TaskRecord? task, string taskId, bool refresh, CancellationToken cancellationToken)
    {
        if (task is null || task.TaskType != OperationType.SearchEntry)
        {
            throw new ApiProblemException(ProblemCatalog.SearchNotFound, $"No search with task id '{taskId}' exists for this user.");
        }
        if (task.CancelRequested || task.Status == OperationStatus.Cancelled)
        {
            await CloseAsync(task.Id, cancellationToken);
            throw new ApiProblemException(ProblemCatalog.SearchNotFound, $"The search '{taskId}' was cancelled, which closes it.");
        }
        if (task.Status == OperationStatus.Failed)
        {
            throw new ApiProblemException(ProblemCatalog.SearchNotReady, $"The search '{taskId}' failed; GET …/Tasks?taskIds={taskId} tells why.");
        }
        if (!task.IsFinished)
        {
            throw new ApiProblemException(ProblemCatalog.SearchNotReady, $"The search '{taskId}' is still running; wait until its task is Completed.");
        }

        await using var connection = await store.OpenAsync(cancellationToken);
        string? command = null;
        long lastRead = 0;
        await using (var find = connection.CreateCommand())
        {
            find.CommandText = "SELECT Command, LastReadTicks FROM Searches WHERE TaskId = @task";
            find.AddWithValue("@task", task.Id);
            await using var row = await find.ExecuteReaderAsync(cancellationToken);
            if (await row.ReadAsync(cancellationToken))
            {
                command = row.GetString(0);
                lastRead = row.GetInt64(1);
            }
        }
        var now = clock.GetUtcNow().UtcTicks;
        if (command is null || now - lastRead > Expiry.Ticks)
        {
            await CloseAsync(task.Id, cancellationToken);
            throw new ApiProblemException(ProblemCatalog.SearchNotFound,
                $"The results of search '{taskId}' expired {Expiry.TotalMinutes:0} minutes after they were last read; start the search again.");
        }
        var fuzziness = JsonSerializer.Deserialize<SearchTaskRequest>(task.RequestJson)?.ToFuzziness() ?? SearchFuzziness.None;
        if (refresh)
        {
            await RunAsync(task.Id, command, fuzziness, task.UserName, cancellationToken);
        }
        else
        {
            await using var touch = connection.CreateCommand();
            touch.CommandText = "UPDATE Searches SET LastReadTicks = @now WHERE TaskId = @task";
            touch.AddWithValue("@task", task.Id);
            touch.AddWithValue("@now", now);
            await touch.ExecuteNonQueryAsync(cancellationToken);
        }
        return new OpenSearch(command, fuzziness);
    }

    public async Task CloseAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM SearchResults WHERE TaskId = @task; DELETE FROM Searches WHERE TaskId = @task";
        delete.AddWithValue("@task", taskId);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A page of results. In result order pages continue from the last row number (a keyed read);
    /// other orders continue by offset.
    /// </summary>
    public async Task<SearchPage> ReadPageAsync(string taskId, ListQuery query, bool groupByEntryType, CancellationToken cancellationToken)
    {
        List<string> order = groupByEntryType ? ["e.EntryType", .. OrderColumns(query.OrderBy)] : OrderColumns(query.OrderBy);
        var keyed = order.Count == 0;
        order.Add("r.RowNumber");

        await using var connection = await store.OpenAsync(cancellationToken);
        long? total = null;
        if (query.Count)
        {
            await using var countCommand = connection.CreateCommand();
            countCommand.CommandText = "SELECT COUNT(*) FROM SearchResults r JOIN Entries e ON e.Id = r.EntryId WHERE r.TaskId = @task";
            countCommand.AddWithValue("@task", taskId);
            total = (long)(await countCommand.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }

        var take = query.Take;
        var rows = new List<(int, EntryRecord)>();
        var hasMore = false;
        if (take > 0)
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder("SELECT r.RowNumber, ").Append(EntryReader.Columns)
                .Append(" FROM SearchResults r JOIN Entries e ON e.Id = r.EntryId").Append(EntryReader.JoinStates).Append(" WHERE r.TaskId = @task");
            command.AddWithValue("@task", taskId);
            var continuesByKey = keyed && query.Continuation?.LastKey is { Length: 1 } key && key[0].ValueKind == JsonValueKind.Number;
            if (continuesByKey)
            {
                sql.Append(" AND r.RowNumber > @last");
                command.AddWithValue("@last", query.Continuation!.LastKey![0].GetInt32());
            }
            sql.Append(" ORDER BY ").AppendJoin(", ", order).Append(" LIMIT @take");
            command.AddWithValue("@take", take + 1);
            if (!continuesByKey && query.Offset > 0)
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
                rows.Add((reader.GetInt32(0), EntryReader.Read(reader, 1)));
            }
        }

        var next = query.NextPage(rows.Count, hasMore, keyed ? () => [JsonSerializer.SerializeToElement(rows[^1].Item1)] : null);
        return new SearchPage(rows, total, next);
    }

    /// <summary>The SQL ORDER BY terms of an <c>$orderby</c> over search results; 400 for a property they cannot be ordered by.</summary>
    private static List<string> OrderColumns(IEnumerable<OrderTerm> orderBy) =>
        [.. orderBy.Select(term => EntryReader.SortColumns.TryGetValue(term.Property, out var column)
            ? term.Descending ? column + " DESC" : column
            : throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$orderby: search results cannot be ordered by '{term.Property}'."))];

    /// <summary>The entry of result row <paramref name="rowNumber"/>; 404 when there is none.</summary>
    public async Task<EntryRecord> RowAsync(string taskId, int rowNumber, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EntryReader.Columns} FROM SearchResults r JOIN Entries e ON e.Id = r.EntryId{EntryReader.JoinStates} WHERE r.TaskId = @task AND r.RowNumber = @row";
        command.AddWithValue("@task", taskId);
        command.AddWithValue("@row", rowNumber);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? EntryReader.Read(reader)
            : throw new ApiProblemException(ProblemCatalog.SearchNotFound,
                $"Search '{taskId}' has no result row {rowNumber.ToString(CultureInfo.InvariantCulture)} (rows count from 1; deleted entries leave the results).");
    }

    /// <summary>
    /// Runs a search synchronously: at most <paramref name="limit"/> entries, and whether more matched. A search that
    /// runs longer than the simple-search timeout is stopped and answers 400.
    /// </summary>
    public async Task<(List<EntryRecord> Entries, bool Truncated)> SearchNowAsync(
        string? command, int limit, IReadOnlyList<OrderTerm> orderBy, string user, CancellationToken cancellationToken)
    {
        var order = OrderColumns(orderBy);
        order.Add("e.NameKey");
        order.Add("e.Id");

        // The limit stops a running query (the timer interrupts it) and refuses results that came too late.
        var timeout = TimeSpan.FromSeconds(options.Value.SimpleSearchTimeoutSeconds);
        var started = Stopwatch.GetTimestamp();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            var (sql, condition) = await PrepareAsync(command, SearchFuzziness.None, user, timer.Token);
            var (prefix, where, visibility) = Visible(user, condition);
            await using var connection = await store.OpenAsync(timer.Token);
            await using var select = connection.CreateCommand();
            select.CommandText = $"{prefix}SELECT {EntryReader.Columns} FROM {EntryReader.From} WHERE {where} ORDER BY {string.Join(", ", order)} LIMIT @limit";
            sql.Bind(select);
            visibility?.Bind(select);
            select.AddWithValue("@limit", limit + 1);
            var entries = new List<EntryRecord>();
            using (dialect.InterruptOn(connection, timer.Token))
            {
                await using var reader = await select.ExecuteReaderAsync(timer.Token);
                while (await reader.ReadAsync(timer.Token))
                {
                    entries.Add(EntryReader.Read(reader));
                }
            }
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw TimedOut(timeout);
            }
            var truncated = entries.Count > limit;
            if (truncated)
            {
                entries.RemoveAt(limit);
            }
            return (entries, truncated);
        }
        catch (Exception ex) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested &&
                                   (ex is OperationCanceledException || dialect.IsInterrupt(ex)))
        {
            throw TimedOut(timeout);
        }
    }

    /// <summary>
    /// The search's condition narrowed to what <paramref name="user"/> may browse: entries they cannot see are not
    /// found. The matches become the candidates of one recursive rights query, put before the statement.
    /// </summary>
    private (string Prefix, string Where, BrowseFilter? Visibility) Visible(string user, string condition)
    {
        var visibility = EntryAccess.VisibleAmongCandidates(access.Principal(user));
        return visibility is null
            ? ("", condition, null)
            : ($"WITH RECURSIVE sec_candidates(Id) AS (SELECT e.Id FROM Entries e WHERE {condition}), {visibility.Sql} ",
                "e.Id IN (SELECT Id FROM sec_visible)", visibility);
    }

    private static ApiProblemException TimedOut(TimeSpan timeout) => new(ProblemCatalog.SearchTimedOut,
        $"The simple search did not finish within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was stopped; " +
        "narrow it (LF:Lookin, more terms) or run it as a task with SearchAsync, which has no time limit.");

    /// <summary>One page of the context hits of result row <paramref name="rowNumber"/> of an open search (v1 and v2 alike).</summary>
    public async Task<(List<ContextHit> Page, SkipToken? Next, int Total)> ContextHitsPageAsync(
        TaskRecord? task, string taskId, int rowNumber, ListQuery query, CancellationToken cancellationToken)
    {
        var search = await OpenAsync(task, taskId, false, cancellationToken);
        var entry = await RowAsync(taskId, rowNumber, cancellationToken);
        var all = await ContextHitsAsync(search, entry, task?.UserName, cancellationToken);
        var (page, next) = SearchHits.Page(all, query);
        return (page, next, all.Count);
    }

    /// <summary>Where the terms of <paramref name="search"/> matched <paramref name="entry"/>.</summary>
    public async Task<List<ContextHit>> ContextHitsAsync(OpenSearch search, EntryRecord entry, string? user, CancellationToken cancellationToken)
    {
        var node = SearchParser.Parse(search.Command);
        var pages = SearchHits.SearchesText(node) ? await PageTextsAsync(entry.Id, cancellationToken) : [];
        var hidden = HiddenFields(user);
        var fields = (await FieldValuesAsync(entry.Id, cancellationToken)).Where(v => !hidden.Contains(v.Item1.Id)).ToList();
        var annotations = SearchAnnotations.Uses(node) ? await AnnotationTextsAsync(entry.Id, user, cancellationToken) : [];
        return SearchHits.Find(node, entry, fields, pages, catalog, search.Fuzziness, annotations);
    }

    /// <summary>The entry's annotations <paramref name="user"/> may see (SeeAnnotations; a redaction's comment needs SeeThroughRedactions), in page order.</summary>
    private async Task<List<AnnotationText>> AnnotationTextsAsync(int entryId, string? user, CancellationToken cancellationToken)
    {
        var rights = user is null ? EntryRight.All : await access.RightsAsync(access.Principal(user), entryId, cancellationToken) ?? EntryRight.None;
        if (!rights.HasFlag(EntryRight.SeeAnnotations))
        {
            return [];
        }
        var seesThrough = rights.HasFlag(EntryRight.SeeThroughRedactions);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT a.Id, a.AnnotationType, p.PageNumber, a.Text, a.Comment FROM {SearchAnnotations.Table} a JOIN Pages p ON p.Id = a.PageId
            WHERE a.EntryId = @entry AND (a.Text IS NOT NULL OR a.Comment IS NOT NULL) ORDER BY p.PageNumber, a.ZOrder, a.Id
            """;
        command.AddWithValue("@entry", entryId);
        var texts = new List<AnnotationText>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            var type = rows.GetString(1);
            var comment = rows.IsDBNull(4) || type == "Redaction" && !seesThrough ? null : rows.GetString(4);
            texts.Add(new AnnotationText(rows.GetInt32(0), type, rows.GetInt32(2), rows.IsDBNull(3) ? null : rows.GetString(3), comment));
        }
        return texts;
    }

    private async Task<List<(int, string)>> PageTextsAsync(int entryId, CancellationToken cancellationToken)
    {
        // A page with redacted words is searched, and shows its hits, without them.
        var pages = new List<(int, string, string?)>();
        await using (var connection = await store.OpenAsync(cancellationToken))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT p.PageNumber, p.TextSha256, r.Text FROM Pages p LEFT JOIN {SearchTextIndex.PageTexts} r ON r.PageId = p.Id
                WHERE p.EntryId = @entry AND p.TextSha256 IS NOT NULL ORDER BY p.PageNumber
                """;
            command.AddWithValue("@entry", entryId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pages.Add((reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }
        var texts = new List<(int, string)>(pages.Count);
        foreach (var (number, sha, searched) in pages)
        {
            texts.Add((number, searched ?? await textIndex.ReadAsync(sha, cancellationToken) ?? ""));
        }
        return texts;
    }

    private async Task<List<(FieldDefinition, string)>> FieldValuesAsync(int entryId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT FieldId, Value FROM EntryFields WHERE EntryId = @entry ORDER BY FieldId, Position";
        command.AddWithValue("@entry", entryId);
        var values = new List<(FieldDefinition, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (catalog.FindField(reader.GetInt32(0)) is { } field)
            {
                values.Add((field, reader.GetString(1)));
            }
        }
        return values;
    }
}
