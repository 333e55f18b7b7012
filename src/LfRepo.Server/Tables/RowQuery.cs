using System.Globalization;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.AspNetCore.OData.Extensions;
using Microsoft.AspNetCore.OData.Query;
using Microsoft.AspNetCore.OData.Query.Validator;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;
using Microsoft.OData.UriParser.Aggregation;

namespace LfRepo.Server.Tables;

/// <summary>A column of a query's result: its name and how its values are written.</summary>
public sealed record OutputColumn(string Name, ColumnType Type);

/// <summary>
/// One GET of table rows, parsed by Microsoft.AspNetCore.OData's <see cref="ODataQueryOptions"/> against the
/// tables' EDM model and translated into parameterised SQL: <c>$apply</c> transformations become nested SELECTs, then
/// <c>$filter</c>, <c>$orderby</c>, <c>$select</c> and paging apply to the last one.
/// </summary>
public sealed class RowQuery
{
    private static readonly string[] KnownOptions = ["$filter", "$select", "$orderby", "$top", "$skip", "$count", "$apply", "$skiptoken", "$format"];

    private string _source = "";
    private string _where = "";
    private int _derived;

    private readonly IStoreDialect _dialect;

    private RowQuery(IStoreDialect dialect, SqlParameters parameters)
    {
        _dialect = dialect;
        Parameters = parameters;
    }

    public SqlParameters Parameters { get; }

    /// <summary>FROM … WHERE … of the result, without ordering or paging.</summary>
    public string FromWhere { get; private set; } = "";

    public string SelectList { get; private set; } = "";

    /// <summary>
    /// True when rows come in the table's own order (no <c>$orderby</c>, no <c>$apply</c>): the next page can then
    /// start after the last row's number (<see cref="RowNumber"/>), an index seek, instead of an OFFSET over every row
    /// before it.
    /// </summary>
    public bool SeeksByRowId { get; private set; }

    /// <summary>The SQL of a row's number in the table, for <see cref="SeeksByRowId"/>.</summary>
    public string RowNumber => _dialect.RowNumber;

    /// <summary>FROM … WHERE … of the rows after the row whose number is in <paramref name="parameter"/>.</summary>
    public string FromWhereAfter(string parameter) => $"FROM {_source} WHERE {(_where.Length == 0 ? "" : _where + " AND ")}{RowNumber} > {parameter}";

    public string OrderBy { get; private set; } = "";

    public List<OutputColumn> Selected { get; private set; } = [];

    /// <summary>What follows the entity set name in <c>@odata.context</c>: the selected or aggregated properties.</summary>
    public string ContextProjection { get; private set; } = "";

    public int? Top { get; private set; }

    public int Skip { get; private set; }

    public bool Count { get; private set; }

    /// <summary>
    /// Parses the request's query options with Microsoft.AspNetCore.OData's <see cref="ODataQueryOptions"/> against the
    /// table's entity set in the tables' model, translates their semantic trees into SQL, then validates them with
    /// <see cref="Validation"/>. Any bad option is a 400 naming it; nothing is evaluated in memory.
    /// </summary>
    public static RowQuery Parse(TableCatalog catalog, TableDefinition table, IStoreDialect dialect, HttpRequest request, TimeProvider clock)
    {
        foreach (var (key, _) in request.Query)
        {
            if (key.StartsWith('$') && !KnownOptions.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"The query option '{key}' is not supported by the Table API.");
            }
        }
        var set = catalog.EntitySet(table);
        var feature = request.ODataFeature();
        feature.Model = catalog.Model;
        feature.RoutePrefix = TablesController.Root;
        feature.Path = new ODataPath(new EntitySetSegment(set));
        var options = Try("the request URI", () => new ODataQueryOptions(new ODataQueryContext(catalog.Model, set.EntityType, feature.Path), request));
        var result = new RowQuery(dialect, new SqlParameters());
        result.Build(options, table, clock);
        Try("the query", () =>
        {
            options.Validate(Validation);
            return true;
        });
        return result;
    }

    /// <summary>What the Table API accepts beyond what <see cref="Build"/> checks itself: the library's limits on node counts and depth.</summary>
    private static readonly ODataValidationSettings Validation = new()
    {
        AllowedQueryOptions = AllowedQueryOptions.Filter | AllowedQueryOptions.Select | AllowedQueryOptions.OrderBy | AllowedQueryOptions.Top
            | AllowedQueryOptions.Skip | AllowedQueryOptions.Count | AllowedQueryOptions.Apply | AllowedQueryOptions.SkipToken | AllowedQueryOptions.Format,
        MaxOrderByNodeCount = MaxOrderByTerms,
    };

    private const int MaxOrderByTerms = 5;

    private void Build(ODataQueryOptions options, TableDefinition table, TimeProvider clock)
    {
        var columns = new List<OutputColumn> { new(TableDefinition.KeyColumn, ColumnType.Text) };
        columns.AddRange(table.Columns.Select(c => new OutputColumn(c.Name, c.Type)));
        var source = table.SqlName;
        var wrapped = false;
        List<string>? tieBreak = null;
        var aggregated = false;

        var apply = Try("$apply", () => options.Apply?.ApplyClause);
        foreach (var transformation in apply?.Transformations ?? [])
        {
            var names = columns.Select(c => c.Name).ToList();
            var sql = new SqlExpression(_dialect, Parameters, names, "$apply", clock);
            var rowId = wrapped ? "" : RowNumber + " AS \"__r\", ";
            switch (transformation)
            {
                case FilterTransformationNode filtering:
                    source = Derived($"SELECT {(aggregated ? "" : rowId)}* FROM {source} WHERE {sql.Translate(filtering.FilterClause.Expression)}");
                    break;
                case ComputeTransformationNode compute:
                    var computed = compute.Expressions.Select(e => (Sql: sql.Translate(e.Expression), Column: new OutputColumn(e.Alias, TypeOf(e.Expression, e.TypeReference, columns)))).ToList();
                    source = Derived($"SELECT {(aggregated ? "" : rowId)}*, {string.Join(", ", computed.Select(c => $"{c.Sql} AS {Sql.Quote(c.Column.Name)}"))} FROM {source}");
                    columns.AddRange(computed.Select(c => c.Column));
                    break;
                case GroupByTransformationNode groupBy:
                    var keys = groupBy.GroupingProperties.Select(g => GroupKey(g, columns)).ToList();
                    var (aggregateSql, aggregateColumns) = Aggregates(groupBy.ChildTransformations, sql, columns);
                    var list = keys.Select(k => Sql.Quote(k.Name)).Concat(aggregateSql);
                    source = Derived($"SELECT {string.Join(", ", list)} FROM {source} GROUP BY {string.Join(", ", keys.Select(k => Sql.Quote(k.Name)))}");
                    columns = [.. keys, .. aggregateColumns];
                    tieBreak = [.. keys.Select(k => Sql.Quote(k.Name))];
                    aggregated = true;
                    break;
                case AggregateTransformationNode aggregate:
                    var (sqlList, outputs) = Aggregates(aggregate, sql, columns);
                    source = Derived($"SELECT {string.Join(", ", sqlList)} FROM {source}");
                    columns = outputs;
                    tieBreak = [];
                    aggregated = true;
                    break;
                default:
                    throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$apply: the transformation {transformation.Kind} is not supported by LfRepo's Table API.");
            }
            wrapped = wrapped || !aggregated;
        }
        tieBreak ??= [wrapped ? "\"__r\"" : RowNumber];

        var available = columns.Select(c => c.Name).ToList();
        var filter = Try("$filter", () => options.Filter?.FilterClause);
        if (filter is not null)
        {
            _where = new SqlExpression(_dialect, Parameters, available, "$filter", clock).Translate(filter.Expression);
        }
        _source = source;
        FromWhere = _where.Length == 0 ? $"FROM {source}" : $"FROM {source} WHERE {_where}";

        var order = new List<string>();
        var orderSql = new SqlExpression(_dialect, Parameters, available, "$orderby", clock);
        for (var clause = Try("$orderby", () => options.OrderBy?.OrderByClause); clause is not null; clause = clause.ThenBy)
        {
            // Nulls sort below every value, as SQLite sorts them by default and PostgreSQL only when told.
            order.Add(orderSql.Translate(clause.Expression) + (clause.Direction == OrderByDirection.Descending ? " DESC NULLS LAST" : " NULLS FIRST"));
        }
        if (order.Count > MaxOrderByTerms)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$orderby has {order.Count} expressions; the maximum is {MaxOrderByTerms}.");
        }
        SeeksByRowId = order.Count == 0 && apply is null;
        order.AddRange(tieBreak);
        OrderBy = order.Count == 0 ? "" : " ORDER BY " + string.Join(", ", order);

        Selected = Select(Try("$select", () => options.SelectExpand?.SelectExpandClause), columns);
        SelectList = string.Join(", ", Selected.Select(c => Sql.Quote(c.Name)));
        ContextProjection = apply is not null || Selected.Count != columns.Count ? "(" + string.Join(",", Selected.Select(c => c.Name)) + ")" : "";

        Top = ToInt("$top", Try("$top", () => (long?)options.Top?.Value));
        Skip = ToInt("$skip", Try("$skip", () => (long?)options.Skip?.Value)) ?? 0;
        Count = Try("$count", () => options.Count?.Value) ?? false;
    }

    /// <summary>A sub-query as a relation of the next step, named as every engine needs it to be.</summary>
    private string Derived(string select) => $"({select}) AS \"_s{++_derived}\"";

    private static OutputColumn GroupKey(GroupByPropertyNode node, List<OutputColumn> columns)
    {
        if (node.Expression is null || node.ChildTransformations.Any())
        {
            throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$apply: groupby takes properties of the table; '{node.Name}' is not one.");
        }
        return columns.FirstOrDefault(c => c.Name.Equals(node.Name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$apply: '{node.Name}' is not available to group by.");
    }

    private static (List<string> Sql, List<OutputColumn> Columns) Aggregates(TransformationNode? node, SqlExpression sql, List<OutputColumn> columns)
    {
        var list = new List<string>();
        var outputs = new List<OutputColumn>();
        if (node is null)
        {
            return (list, outputs);
        }
        if (node is not AggregateTransformationNode aggregate)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$apply: groupby takes only aggregate() as its second argument, not {node.Kind}.");
        }
        foreach (var expression in aggregate.AggregateExpressions)
        {
            if (expression is not AggregateExpression single)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$apply: the aggregate '{expression.Alias}' is not supported by LfRepo's Table API.");
            }
            var value = single.Method == AggregationMethod.VirtualPropertyCount ? "*" : sql.Translate(single.Expression);
            var (function, type) = single.Method switch
            {
                AggregationMethod.Sum => ($"SUM({value})", TypeOf(single.Expression, single.TypeReference, columns)),
                AggregationMethod.Min => ($"MIN({value})", TypeOf(single.Expression, single.TypeReference, columns)),
                AggregationMethod.Max => ($"MAX({value})", TypeOf(single.Expression, single.TypeReference, columns)),
                // A mean in floating point on both engines (PostgreSQL's AVG of integers is exact).
                AggregationMethod.Average => ($"AVG(CAST({value} AS DOUBLE PRECISION))", ColumnType.Numeric),
                AggregationMethod.CountDistinct => ($"COUNT(DISTINCT {value})", ColumnType.Integer),
                AggregationMethod.VirtualPropertyCount => ("COUNT(*)", ColumnType.Integer),
                _ => throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$apply: the aggregation method of '{single.Alias}' is not supported by LfRepo's Table API."),
            };
            list.Add($"{function} AS {Sql.Quote(single.Alias)}");
            outputs.Add(new OutputColumn(single.Alias, type));
        }
        return (list, outputs);
    }

    /// <summary>The column type of an expression's values: a property keeps its column's, anything else follows its EDM type.</summary>
    private static ColumnType TypeOf(SingleValueNode? node, IEdmTypeReference? type, List<OutputColumn> columns)
    {
        var name = node switch
        {
            SingleValuePropertyAccessNode p => p.Property.Name,
            SingleValueOpenPropertyAccessNode o => o.Name,
            _ => null,
        };
        if (name is not null && columns.FirstOrDefault(c => c.Name == name) is { } column)
        {
            return column.Type;
        }
        return (type ?? node?.TypeReference)?.PrimitiveKind() switch
        {
            EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Int32 or EdmPrimitiveTypeKind.Int64 or EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte => ColumnType.Integer,
            EdmPrimitiveTypeKind.Decimal or EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single => ColumnType.Numeric,
            EdmPrimitiveTypeKind.Boolean => ColumnType.Boolean,
            EdmPrimitiveTypeKind.DateTimeOffset => ColumnType.DateTime,
            _ => ColumnType.Text,
        };
    }

    private static List<OutputColumn> Select(SelectExpandClause? clause, List<OutputColumn> columns)
    {
        if (clause is null || clause.AllSelected)
        {
            return columns;
        }
        var selected = new List<OutputColumn>();
        foreach (var item in clause.SelectedItems)
        {
            var name = item switch
            {
                WildcardSelectItem => null,
                PathSelectItem { SelectedPath.FirstSegment: PropertySegment property } => property.Property.Name,
                PathSelectItem { SelectedPath.FirstSegment: DynamicPathSegment dynamic } => dynamic.Identifier,
                _ => throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, "$select takes property names only."),
            };
            if (name is null)
            {
                return columns;
            }
            var column = columns.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$select: '{name}' is not available here; the properties are {string.Join(", ", columns.Select(c => c.Name))}.");
            if (!selected.Contains(column))
            {
                selected.Add(column);
            }
        }
        return selected;
    }

    private static int? ToInt(string option, long? value) => value switch
    {
        null => null,
        < 0 or > int.MaxValue => throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"{option} must be a non-negative integer, not {value.Value.ToString(CultureInfo.InvariantCulture)}."),
        _ => (int)value.Value,
    };

    /// <summary>Runs one parse step; an <see cref="ODataException"/> (whose message carries the position) becomes a 400 naming the option.</summary>
    private static T Try<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ODataException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"{option}: {ex.Message}");
        }
        catch (OverflowException)
        {
            // The OData parser reads literals such as 1e400 into decimal or double and overflows.
            throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"{option}: a number in it is out of range.");
        }
    }
}
