using System.Text.Json;
using LfRepo.Server.Api;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OData.Edm;

namespace LfRepo.Server.Tables;

/// <summary>
/// The preview Table API's REST routes (<c>/table/v1/Tables…</c>): table resources with their columns, and rows
/// queried with the same OData options as /odata4 but paged by <c>$skip</c> only, as the preview spec says.
/// </summary>
[ApiController]
public sealed class PreviewTablesController(TableCatalog catalog, TableStore store, TableAccess access, TimeProvider clock) : ControllerBase
{
    private const string Root = "table/v1/Tables";
    private const int MaxTop = 1000;
    private const string CreatedBy = "LfRepo";

    private static readonly EdmEntityType ResourceType = BuildResourceType();
    private static readonly ListingShape ListShape = BuildShape("ListTables", 100, null);
    private static readonly ListingShape GetShape = BuildShape("GetTable", 1, ["$select"]);

    /// <summary>Returns all tables.</summary>
    [HttpGet(Root)]
    public async Task<IActionResult> ListTables(CancellationToken cancellationToken)
    {
        var query = ListQueryParser.Parse(ListShape, Request.Query, Request.Headers["Prefer"]);
        var times = await store.ReadTableTimesAsync(cancellationToken);
        IEnumerable<Dictionary<string, string?>> resources = catalog.Tables.Where(t => access.CanRead(t, this.UserName())).Select(t => Resource(t, times));
        IOrderedEnumerable<Dictionary<string, string?>>? ordered = null;
        foreach (var term in query.OrderBy)
        {
            Func<Dictionary<string, string?>, string?> key = r => r.GetValueOrDefault(term.Property);
            ordered = ordered is null
                ? term.Descending ? resources.OrderByDescending(key, StringComparer.Ordinal) : resources.OrderBy(key, StringComparer.Ordinal)
                : term.Descending ? ordered.ThenByDescending(key, StringComparer.Ordinal) : ordered.ThenBy(key, StringComparer.Ordinal);
        }
        var all = (ordered ?? resources).ToList();
        var page = all.Skip(query.Offset).Take(query.Take).ToList();
        var nextLink = query.NextPage(page.Count, query.Offset + page.Count < all.Count) is { } token ? NextLink.Build(Request, token) : null;
        return CollectionResult.Create(null, query.Count ? all.Count : null, nextLink, w =>
        {
            foreach (var resource in page)
            {
                WriteMembers(w, resource, query.Select, null);
            }
        });
    }

    /// <summary>Returns a single table with its columns and tags.</summary>
    [HttpGet(Root + "/{id}")]
    public async Task<IActionResult> GetTable(string id, CancellationToken cancellationToken)
    {
        var table = Find(id);
        access.RequireRead(table, this.UserName());
        var query = ListQueryParser.Parse(GetShape, Request.Query, null);
        var resource = Resource(table, await store.ReadTableTimesAsync(cancellationToken));
        return new JsonBodyResult(w => WriteMembers(w, resource, query.Select, table));
    }

    /// <summary>Returns table rows: $filter, $select, $orderby, $top (at most 1000), $skip, $count and $apply.</summary>
    [HttpGet(Root + "/{id}/Rows")]
    public async Task<IActionResult> ListTableRows(string id, CancellationToken cancellationToken)
    {
        var table = Find(id);
        access.RequireRead(table, this.UserName());
        if (Request.Query.ContainsKey("$skiptoken"))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, "$skiptoken is not supported here; page with $skip and an $orderby on _key.");
        }
        var query = RowQuery.Parse(catalog, table, store.Dialect, Request, clock);
        if (query.Top > MaxTop)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$top is {query.Top}; the maximum value is {MaxTop}.");
        }
        await using var connection = await store.OpenAsync(cancellationToken);
        long? count = null;
        if (query.Count)
        {
            count = await store.CountRowsAsync(connection, query, cancellationToken);
        }
        await using var command = connection.CreateCommand();
        var take = query.Top ?? MaxTop;
        command.CommandText = $"SELECT {query.SelectList} {query.FromWhere}{query.OrderBy} LIMIT @take OFFSET @offset";
        query.Parameters.AddTo(command);
        command.AddWithValue("@take", take);
        command.AddWithValue("@offset", query.Skip);
        var (rows, _, _) = await store.ReadRowsAsync(command, query.Selected, take, cancellationToken);
        return CollectionResult.Create(null, count, null, w => RowWriter.WriteAll(w, rows));
    }

    /// <summary>Deletes a table row by key.</summary>
    [HttpDelete(Root + "/{id}/Rows/{key}")]
    public async Task<IActionResult> DeleteTableRow(string id, string key, CancellationToken cancellationToken)
    {
        var table = Find(id);
        access.RequireWrite(table, this.UserName());
        await store.DeleteRowAsync(table, key, cancellationToken);
        return NoContent();
    }

    private TableDefinition Find(string id) =>
        catalog.FindById(id) ?? throw new ApiProblemException(ProblemCatalog.TableNotFound, $"There is no table with id '{id}'.");

    private static Dictionary<string, string?> Resource(TableDefinition table, Dictionary<string, (string CreatedOn, string ModifiedOn)> times)
    {
        var (created, modified) = times.GetValueOrDefault(table.Name);
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["id"] = table.Id.ToString(),
            ["name"] = table.Name,
            ["description"] = table.Description,
            ["lastModifiedOn"] = modified,
            ["lastModifiedBy"] = CreatedBy,
            ["createdOn"] = created,
            ["createdBy"] = CreatedBy,
        };
    }

    /// <summary>Writes a resource's members (those <c>$select</c> names), plus tags and columns for a single table.</summary>
    private static void WriteMembers(Utf8JsonWriter w, Dictionary<string, string?> resource, IReadOnlySet<string>? select, TableDefinition? table)
    {
        w.WriteStartObject();
        if (table is not null && select?.Contains("tags") != false)
        {
            w.WriteStartArray("tags");
            table.Tags.ForEach(w.WriteStringValue);
            w.WriteEndArray();
        }
        if (table is not null && select?.Contains("columns") != false)
        {
            w.WriteStartArray("columns");
            foreach (var column in table.Columns)
            {
                w.WriteStartObject();
                w.WriteString("name", column.Name);
                w.WriteString("type", column.Type.ToString());
                if (column.MaximumTextLength is { } max)
                {
                    w.WriteNumber("maximumTextLength", max);
                }
                else
                {
                    w.WriteNull("maximumTextLength");
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        foreach (var (name, value) in resource)
        {
            if (select is not null && !select.Contains(name))
            {
                continue;
            }
            if (value is null)
            {
                w.WriteNull(name);
            }
            else
            {
                w.WriteString(name, value);
            }
        }
        w.WriteEndObject();
    }

    private static EdmEntityType BuildResourceType()
    {
        var type = new EdmEntityType("LfRepo.Tables.Preview", "TableResource");
        type.AddKeys(type.AddStructuralProperty("id", EdmPrimitiveTypeKind.String, false));
        foreach (var name in new[] { "name", "description", "lastModifiedBy", "createdBy" })
        {
            type.AddStructuralProperty(name, EdmPrimitiveTypeKind.String, true);
        }
        foreach (var name in new[] { "lastModifiedOn", "createdOn" })
        {
            type.AddStructuralProperty(name, EdmPrimitiveTypeKind.DateTimeOffset, true);
        }
        type.AddStructuralProperty("tags", new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(true))));
        type.AddStructuralProperty("columns", new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(true))));
        return type;
    }

    private static ListingShape BuildShape(string operationId, int pageSize, string[]? options)
    {
        var model = new EdmModel();
        model.AddElement(ResourceType);
        var container = new EdmEntityContainer("LfRepo.Tables.Preview", "Container");
        var set = container.AddEntitySet("Tables", ResourceType);
        model.AddElement(container);
        return new ListingShape(operationId, model, ResourceType, set, pageSize, MaxTop: MaxTop, Options: options);
    }
}
