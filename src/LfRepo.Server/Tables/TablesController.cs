using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using LfRepo.Server.Api;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace LfRepo.Server.Tables;

/// <summary>
/// The Table API's OData v4 endpoints under /odata4: rows of a lookup table (queried, by key, written),
/// ReplaceAllRowsAsync and the task it starts. They are ordinary attribute routes (visible to ApiExplorer) whose
/// paths and query options Microsoft.OData.Core and Microsoft.AspNetCore.OData parse against the tables' model;
/// the service document, <c>$metadata</c> and <c>$batch</c> are the library's own, on the route component
/// <see cref="TableExtensions.AddTables"/> registers.
/// </summary>
[ApiController]
public sealed class TablesController(TableCatalog catalog, TableStore store, TableTasks tasks, TableAccess access, TableOptions options, TimeProvider clock) : ControllerBase
{
    public const string Root = "odata4/table";

    /// <summary>Rows of a table (<c>Products?$filter=…</c>) or one row by key (<c>Products('1')</c>).</summary>
    [HttpGet(Root + "/{resource}")]
    public async Task<IActionResult> GetRows(string resource, CancellationToken cancellationToken)
    {
        var (table, key) = ParseResource(resource);
        access.RequireRead(table, this.UserName());
        if (key is not null && Request.Query.Keys.FirstOrDefault(k => k.StartsWith('$') && !k.Equals("$select", StringComparison.OrdinalIgnoreCase) && !k.Equals("$format", StringComparison.OrdinalIgnoreCase)) is { } option)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"The query option '{option}' applies to a table's rows, not to one row; a row takes $select only.");
        }
        var query = RowQuery.Parse(catalog, table, store.Dialect, Request, clock);
        await using var connection = await store.OpenAsync(cancellationToken);
        MarkOData();
        if (key is not null)
        {
            return await GetRowAsync(connection, table, key, query, cancellationToken);
        }

        SkipToken? continuation = null;
        if (Request.Query.TryGetValue("$skiptoken", out var tokenText))
        {
            continuation = SkipToken.TryDecode(tokenText.ToString())
                ?? throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, "$skiptoken is not a continuation this server issued; follow @odata.nextLink as given.");
        }
        var preferred = ListQueryParser.ParsePreferPageSize(Request.Headers["Prefer"]);
        if (preferred is not null)
        {
            Response.Headers["Preference-Applied"] = "odata.maxpagesize=" + preferred.Value.ToString(CultureInfo.InvariantCulture);
        }
        var pageSize = Math.Min(continuation?.PageSize ?? preferred ?? options.PageSize, ListQueryParser.MaxPageSize);
        var offset = continuation?.Offset ?? query.Skip;
        var remaining = continuation is null ? query.Top : continuation.Remaining;
        var take = remaining is null ? pageSize : Math.Min(pageSize, remaining.Value);

        long? count = null;
        if (query.Count)
        {
            count = await store.CountRowsAsync(connection, query, cancellationToken);
        }

        await using var command = connection.CreateCommand();
        var after = query.SeeksByRowId && continuation?.LastKey is [{ ValueKind: JsonValueKind.Number } last] ? last.GetInt64() : (long?)null;
        var rowId = query.SeeksByRowId ? ", " + query.RowNumber : "";
        command.CommandText = after is null
            ? $"SELECT {query.SelectList}{rowId} {query.FromWhere}{query.OrderBy} LIMIT @take OFFSET @offset"
            : $"SELECT {query.SelectList}{rowId} {query.FromWhereAfter("@after")}{query.OrderBy} LIMIT @take";
        query.Parameters.AddTo(command);
        command.AddWithValue("@take", take + 1);
        if (after is null)
        {
            command.AddWithValue("@offset", offset);
        }
        else
        {
            command.AddWithValue("@after", after.Value);
        }
        var (rows, more, lastRowId) = await store.ReadRowsAsync(command, query.Selected, take, cancellationToken);

        var paging = new ListQuery { Top = remaining, Skip = offset, PageSize = pageSize };
        var next = paging.NextPage(rows.Count, more, lastRowId is { } id ? () => [JsonSerializer.SerializeToElement(id)] : null);
        var nextLink = next is null ? null : NextLink.Build(Request, next);
        var context = ServiceRoot() + "$metadata#" + table.Name + query.ContextProjection;
        return CollectionResult.Create(context, count, nextLink, w => RowWriter.WriteAll(w, rows));
    }

    /// <summary>The number of rows <c>$filter</c> (and <c>$apply</c>) leave, as plain text.</summary>
    [HttpGet(Root + "/{resource}/$count")]
    public async Task<IActionResult> CountRows(string resource, CancellationToken cancellationToken)
    {
        var (table, key) = ParseResource(resource);
        if (key is not null)
        {
            throw new ApiProblemException(ProblemCatalog.RouteNotFound, "$count follows a table, not a row.");
        }
        access.RequireRead(table, this.UserName());
        var query = RowQuery.Parse(catalog, table, store.Dialect, Request, clock);
        await using var connection = await store.OpenAsync(cancellationToken);
        var count = await store.CountRowsAsync(connection, query, cancellationToken);
        MarkOData();
        return Content(count.ToString(CultureInfo.InvariantCulture), "text/plain");
    }

    /// <summary>Inserts a row; without <c>_key</c> the row gets the next number.</summary>
    [HttpPost(Root + "/{resource}")]
    public async Task<IActionResult> InsertRow(string resource, CancellationToken cancellationToken)
    {
        var (table, key) = ParseResource(resource);
        if (key is not null)
        {
            throw new ApiProblemException(ProblemCatalog.MethodNotAllowed, $"POST adds rows to the table's collection, {table.Name}; it cannot target the row {resource}.");
        }
        access.RequireWrite(table, this.UserName());
        RefuseReadOnly(table);
        var values = await ReadRowAsync(table, cancellationToken);
        string? givenKey = values.Remove(TableDefinition.KeyColumn, out var bodyKey) ? (string)bodyKey! : null;
        await using var connection = await store.OpenAsync(cancellationToken);
        // A row without a key gets the next number. Numbering holds the table's lock, which every process of the store
        // sees; a row given that number by its own key in the meantime makes the insert try the next one.
        await using var numbering = givenKey is null ? await store.Dialect.LockAsync(connection, TableStore.NumberingLockKey(table), shared: false, cancellationToken) : null;
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (givenKey is not null)
            {
                key = givenKey;
            }
            else
            {
                await using var next = connection.CreateCommand();
                next.Transaction = transaction;
                next.CommandText = $"SELECT COALESCE(MAX({store.Dialect.IntegerOrNull("\"_key\"")}), 0) + 1 FROM {table.SqlName}";
                key = Convert.ToInt64(await next.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            }
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            var names = new List<string> { TableDefinition.KeyColumn };
            names.AddRange(values.Keys);
            insert.CommandText = $"INSERT INTO {table.SqlName} ({string.Join(", ", names.Select(Sql.Quote))}) VALUES ({string.Join(", ", names.Select((_, i) => "@v" + i.ToString(CultureInfo.InvariantCulture)))})";
            insert.AddWithValue("@v0", key);
            var index = 1;
            foreach (var value in values.Values)
            {
                insert.AddValue("@v" + index++.ToString(CultureInfo.InvariantCulture), value);
            }
            try
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                break;
            }
            catch (DbException ex) when (store.Dialect.IsConstraintViolation(ex))
            {
                await transaction.RollbackAsync(cancellationToken);
                if (givenKey is not null || attempt == MaxKeyAttempts)
                {
                    throw new ApiProblemException(ProblemCatalog.TableRowConflict, $"Table '{table.Name}' already has a row with _key '{key}'.");
                }
            }
        }

        var columns = AllColumns(table);
        await using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {string.Join(", ", columns.Select(c => Sql.Quote(c.Name)))} FROM {table.SqlName} WHERE \"_key\" = @key";
        read.AddWithValue("@key", key);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var context = ServiceRoot() + "$metadata#" + table.Name + "/$entity";
        var row = RowWriter.Render(reader, columns, w => w.WriteString("@odata.context", context));
        MarkOData();
        return new JsonBodyResult(w => w.WriteRawValue(row, skipInputValidation: true), StatusCodes.Status201Created, ServiceRoot() + EntityPath(table, key));
    }

    /// <summary>Changes the columns the body names.</summary>
    [HttpPatch(Root + "/{resource}")]
    public Task<IActionResult> UpdateRow(string resource, CancellationToken cancellationToken) => WriteRowAsync(resource, replace: false, cancellationToken);

    /// <summary>Replaces the row: columns the body leaves out become null.</summary>
    [HttpPut(Root + "/{resource}")]
    public Task<IActionResult> ReplaceRow(string resource, CancellationToken cancellationToken) => WriteRowAsync(resource, replace: true, cancellationToken);

    [HttpDelete(Root + "/{resource}")]
    public async Task<IActionResult> DeleteRow(string resource, CancellationToken cancellationToken)
    {
        var (table, key) = RowResource(resource);
        access.RequireWrite(table, this.UserName());
        await store.DeleteRowAsync(table, key, cancellationToken);
        MarkOData();
        return NoContent();
    }

    /// <summary>Replaces every row of the table with a CSV (multipart file, or a text/csv body) in one transaction, as a task.</summary>
    [HttpPost(Root + "/{table}/ReplaceAllRowsAsync")]
    public async Task<IActionResult> ReplaceAllRowsAsync(string table, CancellationToken cancellationToken)
    {
        var definition = catalog.Find(table) ?? throw TableNotFound(table);
        access.RequireWrite(definition, this.UserName());
        RefuseReadOnly(definition);
        string csv;
        if (Request.HasFormContentType)
        {
            var form = await Request.ReadFormAsync(cancellationToken);
            var file = form.Files.FirstOrDefault()
                ?? throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The multipart body holds no file; send the CSV as a file part.");
            csv = await ReadCsvAsync(file.OpenReadStream(), cancellationToken);
        }
        else
        {
            csv = await ReadCsvAsync(Request.Body, cancellationToken);
        }
        var taskId = await tasks.StartReplaceAsync(definition, csv, this.TaskOrigin(), cancellationToken);
        MarkOData();
        var location = NextLink.Base(Request) + "/odata4/general/Tasks(" + taskId + ")";
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("taskId", taskId);
            w.WriteEndObject();
        }, StatusCodes.Status202Accepted, location);
    }

    /// <summary>
    /// The CSV as text, refused before any task starts when it is not UTF-8 or holds a NUL: replacing every row
    /// from a file read with replacement characters would lose data silently.
    /// </summary>
    private static async Task<string> ReadCsvAsync(Stream body, CancellationToken cancellationToken)
    {
        string csv;
        try
        {
            using var reader = new StreamReader(body, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
            csv = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidTableCsv, "The CSV is not valid UTF-8 text; no row was replaced.");
        }
        var nul = csv.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            var line = csv.AsSpan(0, nul).Count('\n') + 1;
            throw new ApiProblemException(ProblemCatalog.InvalidTableCsv, $"Line {line} of the CSV holds a NUL character; no row was replaced.");
        }
        return csv;
    }

    /// <summary>The TaskProgress of a ReplaceAllRowsAsync task, with the members the Laserfiche OData client reads.</summary>
    [HttpGet("odata4/general/Tasks({taskId})")]
    public async Task<IActionResult> GetTask(string taskId, CancellationToken cancellationToken)
    {
        var id = taskId.Trim('\'');
        var task = await tasks.FindAsync(id, this.UserName(), cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.TaskNotFound, $"No task '{id}' was started by this user.");
        MarkOData();
        var context = NextLink.Base(Request) + "/odata4/general/$metadata#Tasks/$entity";
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            w.WriteString("Id", task.Id);
            w.WriteString("Type", "ReplaceAllRows");
            w.WriteNumber("PercentComplete", task.PercentComplete);
            w.WriteString("Status", task.Status switch
            {
                TableTasks.NotStarted => "NotStarted",
                TableTasks.InProgress => "InProgress",
                TableTasks.Completed => "Completed",
                _ => "Failed",
            });
            w.WritePropertyName("Errors");
            w.WriteRawValue(task.Errors ?? "[]", skipInputValidation: true);
            w.WritePropertyName("Result");
            w.WriteRawValue(task.Result ?? "null", skipInputValidation: true);
            w.WriteString("StartTime", task.StartTime);
            w.WriteString("LastUpdateTime", task.LastUpdateTime);
            w.WriteEndObject();
        });
    }

    private async Task<IActionResult> GetRowAsync(DbConnection connection, TableDefinition table, string key, RowQuery query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {query.SelectList} FROM {table.SqlName} WHERE \"_key\" = @key";
        command.AddWithValue("@key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw RowNotFound(table, key);
        }
        var context = ServiceRoot() + "$metadata#" + table.Name + query.ContextProjection + "/$entity";
        var row = RowWriter.Render(reader, query.Selected, w => w.WriteString("@odata.context", context));
        return new JsonBodyResult(w => w.WriteRawValue(row, skipInputValidation: true));
    }

    private async Task<IActionResult> WriteRowAsync(string resource, bool replace, CancellationToken cancellationToken)
    {
        var (table, key) = RowResource(resource);
        access.RequireWrite(table, this.UserName());
        RefuseReadOnly(table);
        var values = await ReadRowAsync(table, cancellationToken);
        if (values.Remove(TableDefinition.KeyColumn, out var bodyKey) && !Equals(bodyKey, key))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidTableRow, $"The body's _key '{bodyKey}' differs from the row's key '{key}'; a row's key cannot change.");
        }
        if (replace)
        {
            foreach (var column in table.Columns.Where(c => !values.ContainsKey(c.Name)))
            {
                values[column.Name] = null;
            }
        }
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        var assignments = values.Keys.Select((name, i) => $"{Sql.Quote(name)} = @v{i.ToString(CultureInfo.InvariantCulture)}").ToList();
        update.AddWithValue("@key", key);
        var index = 0;
        foreach (var value in values.Values)
        {
            update.AddValue("@v" + index++.ToString(CultureInfo.InvariantCulture), value);
        }
        long changed;
        if (assignments.Count == 0)
        {
            update.CommandText = $"SELECT COUNT(*) FROM {table.SqlName} WHERE \"_key\" = @key";
            changed = Convert.ToInt64(await update.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        else
        {
            update.CommandText = $"UPDATE {table.SqlName} SET {string.Join(", ", assignments)} WHERE \"_key\" = @key";
            changed = await update.ExecuteNonQueryAsync(cancellationToken);
        }
        if (changed == 0)
        {
            throw RowNotFound(table, key);
        }
        await transaction.CommitAsync(cancellationToken);
        MarkOData();
        return NoContent();
    }

    /// <summary>The body's members as stored values, each checked against its column; OData annotations are ignored.</summary>
    private async Task<Dictionary<string, object?>> ReadRowAsync(TableDefinition table, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidTableRow, $"The request body is not valid JSON: {ex.Message}");
        }
        using (document)
        {
            // The parser checks UTF-8 only when a name or string is read; any invalid text refuses the whole row.
            if (!IsValidUtf8(document.RootElement))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidTableRow, "The request body holds text that is not valid UTF-8 or has a lone surrogate.");
            }
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidTableRow, "The request body must be a JSON object of column values.");
            }
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.Name.Contains('@'))
                {
                    continue;
                }
                if (member.Name.Equals(TableDefinition.KeyColumn, StringComparison.OrdinalIgnoreCase))
                {
                    values[TableDefinition.KeyColumn] = member.Value.ValueKind == JsonValueKind.String && member.Value.GetString() is { Length: > 0 } k
                        ? k
                        : throw new ApiProblemException(ProblemCatalog.InvalidTableRow, "_key must be a non-empty string.");
                    continue;
                }
                var column = table.FindColumn(member.Name)
                    ?? throw new ApiProblemException(ProblemCatalog.InvalidTableRow,
                        $"Table '{table.Name}' has no column '{member.Name}'; its columns are {string.Join(", ", table.Columns.Select(c => c.Name))}.");
                try
                {
                    values[column.Name] = TableValues.FromJson(column, member.Value);
                }
                catch (FormatException ex)
                {
                    throw new ApiProblemException(ProblemCatalog.InvalidTableRow, ex.Message);
                }
            }
            return values;
        }
    }

    private static bool IsValidUtf8(JsonElement element)
    {
        try
        {
            return element.ValueKind switch
            {
                JsonValueKind.Object => element.EnumerateObject().All(m => Api.UnicodeText.IsWellFormed(m.Name) && IsValidUtf8(m.Value)),
                JsonValueKind.Array => element.EnumerateArray().All(IsValidUtf8),
                JsonValueKind.String => Api.UnicodeText.IsWellFormed(element.GetString()),
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Resolves <c>Products</c> or <c>Products('1')</c> with the OData URI parser against the tables' model.</summary>
    private (TableDefinition Table, string? Key) ParseResource(string resource)
    {
        ODataPath path;
        try
        {
            path = new ODataUriParser(catalog.Model, new Uri(ServiceRoot()), new Uri(ServiceRoot() + Uri.EscapeDataString(resource)))
            {
                Resolver = new ODataUriResolver { EnableCaseInsensitive = true },
            }.ParsePath();
        }
        catch (ODataUnrecognizedPathException)
        {
            throw TableNotFound(resource.Split('(')[0]);
        }
        catch (ODataException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"'{resource}' is not a table or a row of one: {ex.Message}");
        }
        if (path.FirstSegment is not EntitySetSegment set || path.Count > 2 || (path.Count == 2 && path.LastSegment is not KeySegment))
        {
            throw new ApiProblemException(ProblemCatalog.RouteNotFound, $"'{resource}' is not a table or a row of one.");
        }
        var table = catalog.Find(set.EntitySet.Name)!;
        var key = path.LastSegment is KeySegment keySegment ? Convert.ToString(keySegment.Keys.Single().Value, CultureInfo.InvariantCulture) : null;
        return (table, key);
    }

    private (TableDefinition Table, string Key) RowResource(string resource)
    {
        var (table, key) = ParseResource(resource);
        return key is null
            ? throw new ApiProblemException(ProblemCatalog.MethodNotAllowed, $"{Request.Method} needs a row: {table.Name}('key').")
            : (table, key);
    }

    /// <summary>How many times a row without a key is tried with the next number before the conflict is reported.</summary>
    private const int MaxKeyAttempts = 5;

    private string ServiceRoot() => NextLink.Base(Request) + "/" + Root + "/";

    private static string EntityPath(TableDefinition table, string key) => $"{table.Name}('{Uri.EscapeDataString(key.Replace("'", "''"))}')";

    private static List<OutputColumn> AllColumns(TableDefinition table) =>
        [new(TableDefinition.KeyColumn, ColumnType.Text), .. table.Columns.Select(c => new OutputColumn(c.Name, c.Type))];

    private static void RefuseReadOnly(TableDefinition table) => TableStore.RefuseReadOnly(table);

    private static ApiProblemException TableNotFound(string name) => new(ProblemCatalog.TableNotFound, $"There is no table '{name}'.");

    private static ApiProblemException RowNotFound(TableDefinition table, string key) => TableStore.RowNotFound(table, key);

    private void MarkOData() => Response.Headers["OData-Version"] = "4.0";
}
