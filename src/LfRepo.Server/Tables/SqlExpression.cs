using System.Data.Common;
using System.Globalization;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace LfRepo.Server.Tables;

/// <summary>The parameters of one SQL statement; every literal of a query becomes one, never SQL text.</summary>
public sealed class SqlParameters
{
    private readonly List<(string Name, object Value)> _parameters = [];

    public string Add(object value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value));
        return name;
    }

    public void AddTo(DbCommand command)
    {
        foreach (var (name, value) in _parameters)
        {
            command.AddValue(name, value);
        }
    }
}

/// <summary>
/// Translates Microsoft.OData.Core's semantic tree of a <c>$filter</c>, <c>$orderby</c> or <c>$apply</c>
/// expression into SQL over the columns of the current relation, the engine's differences asked of its dialect.
/// Nodes without a translation are a 400 naming them.
/// </summary>
public sealed class SqlExpression(IStoreDialect dialect, SqlParameters parameters, IReadOnlyCollection<string> columns, string option, TimeProvider clock)
{
    public string Translate(QueryNode node) => node switch
    {
        ConstantNode constant => Constant(constant.Value),
        ConvertNode convert => Translate(convert.Source),
        SingleValuePropertyAccessNode property => Column(property.Property.Name),
        SingleValueOpenPropertyAccessNode open => Column(open.Name),
        BinaryOperatorNode binary => Binary(binary),
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } unary => $"(NOT {Translate(unary.Operand)})",
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Negate } unary => $"(-{Translate(unary.Operand)})",
        InNode @in => In(@in),
        SingleValueFunctionCallNode function => Function(function),
        _ => throw Unsupported(node.Kind.ToString()),
    };

    private string Column(string name) =>
        columns.Contains(name) ? Sql.Quote(name) : throw new ApiProblemException(ProblemCatalog.InvalidQueryOption,
            $"{option}: '{name}' is not available here; the properties are {string.Join(", ", columns)}.");

    private string Constant(object? value) => value switch
    {
        null => "NULL",
        bool b => b ? "TRUE" : "FALSE",
        string s => parameters.Add(s),
        sbyte or byte or short or int or long => parameters.Add(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        decimal or float or double => parameters.Add(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        DateTimeOffset date => parameters.Add(TableValues.FormatDate(date)),
        DateOnly date => parameters.Add(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly time => parameters.Add(time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)),
        // Microsoft.OData.Core 8 still reads Edm.Date and Edm.TimeOfDay literals into its own (obsolete) types.
#pragma warning disable CS0618
        Date date => parameters.Add(date.ToString()),
        TimeOfDay time => parameters.Add(FormattableString.Invariant($"{time.Hours:D2}:{time.Minutes:D2}:{time.Seconds:D2}.{time.Milliseconds:D3}")),
#pragma warning restore CS0618
        Guid guid => parameters.Add(guid.ToString()),
        _ => throw Unsupported($"a literal of type {value.GetType().Name}"),
    };

    private string Binary(BinaryOperatorNode node)
    {
        var left = Translate(node.Left);
        var right = Translate(node.Right);
        switch (node.OperatorKind)
        {
            // OData compares nulls as values: null eq null is true, null ne 5 is true. Against a literal, the plain
            // comparison (which an index serves) gives the same when the other side's nulls are ruled out.
            case BinaryOperatorKind.Equal when IsValue(node.Right):
                return $"({left} = {right} AND {left} IS NOT NULL)";
            case BinaryOperatorKind.Equal when IsValue(node.Left):
                return $"({right} = {left} AND {right} IS NOT NULL)";
            case BinaryOperatorKind.Equal:
                return dialect.NullSafeEqual(left, right);
            case BinaryOperatorKind.NotEqual when IsValue(node.Right):
                return $"({left} <> {right} OR {left} IS NULL)";
            case BinaryOperatorKind.NotEqual when IsValue(node.Left):
                return $"({right} <> {left} OR {right} IS NULL)";
            case BinaryOperatorKind.NotEqual:
                return dialect.NullSafeNotEqual(left, right);
            // Division and remainder by zero are null, not an error.
            case BinaryOperatorKind.Divide:
                return $"({left} / NULLIF({right}, 0))";
            case BinaryOperatorKind.Modulo:
                return $"({left} % NULLIF({right}, 0))";
        }
        var op = node.OperatorKind switch
        {
            BinaryOperatorKind.Or => "OR",
            BinaryOperatorKind.And => "AND",
            BinaryOperatorKind.GreaterThan => ">",
            BinaryOperatorKind.GreaterThanOrEqual => ">=",
            BinaryOperatorKind.LessThan => "<",
            BinaryOperatorKind.LessThanOrEqual => "<=",
            BinaryOperatorKind.Add => "+",
            BinaryOperatorKind.Subtract => "-",
            BinaryOperatorKind.Multiply => "*",
            _ => throw Unsupported("the operator " + node.OperatorKind),
        };
        return $"({left} {op} {right})";
    }

    /// <summary>Whether the node is a literal that is not null (a parameter of the statement).</summary>
    private static bool IsValue(SingleValueNode node) => node switch
    {
        ConstantNode constant => constant.Value is not null,
        ConvertNode convert => IsValue(convert.Source),
        _ => false,
    };

    private string In(InNode node)
    {
        if (node.Right is not CollectionConstantNode list)
        {
            throw Unsupported("'in' with anything but a list of literals");
        }
        var items = list.Collection.Select(c => Constant(c.Value)).ToList();
        return items.Count == 0 ? "(1 = 0)" : $"({Translate(node.Left)} IN ({string.Join(", ", items)}))";
    }

    private string Function(SingleValueFunctionCallNode node)
    {
        var args = node.Parameters.Select(Translate).ToList();
        string Arg(int i) => i < args.Count ? args[i] : throw Unsupported($"{node.Name} with {args.Count} argument(s)");
        return node.Name.ToLowerInvariant() switch
        {
            "contains" => $"({dialect.Position(Arg(0), Arg(1))} > 0)",
            "startswith" => $"(substr({Arg(0)}, 1, length({Arg(1)})) = {Arg(1)})",
            "endswith" => $"(length({Arg(1)}) <= length({Arg(0)}) AND substr({Arg(0)}, length({Arg(0)}) - length({Arg(1)}) + 1) = {Arg(1)})",
            "length" => $"length({Arg(0)})",
            "indexof" => $"({dialect.Position(Arg(0), Arg(1))} - 1)",
            "substring" when args.Count == 2 => $"substr({Arg(0)}, CAST({Arg(1)} + 1 AS INTEGER))",
            "substring" => $"substr({Arg(0)}, CAST({Arg(1)} + 1 AS INTEGER), CAST({Arg(2)} AS INTEGER))",
            "tolower" => dialect.Lower(Arg(0)),
            "toupper" => dialect.Upper(Arg(0)),
            "trim" => $"trim({Arg(0)})",
            "concat" => $"({Arg(0)} || {Arg(1)})",
            "year" => DatePart(Arg(0), 1, 4),
            "month" => DatePart(Arg(0), 6, 2),
            "day" => DatePart(Arg(0), 9, 2),
            "hour" => DatePart(Arg(0), 12, 2),
            "minute" => DatePart(Arg(0), 15, 2),
            "second" => DatePart(Arg(0), 18, 2),
            "fractionalseconds" => $"(CAST(substr({Arg(0)}, 21, 3) AS INTEGER) / 1000.0)",
            "date" => $"substr({Arg(0)}, 1, 10)",
            "time" => $"substr({Arg(0)}, 12, 12)",
            "now" => parameters.Add(TableValues.FormatDate(clock.GetUtcNow())),
            "mindatetime" => parameters.Add(TableValues.FormatDate(DateTimeOffset.MinValue)),
            "maxdatetime" => parameters.Add(TableValues.FormatDate(DateTimeOffset.MaxValue)),
            "round" => $"round({Arg(0)})",
            "floor" => dialect.Floor(Arg(0)),
            "ceiling" => dialect.Ceiling(Arg(0)),
            _ => throw Unsupported($"the function {node.Name}()"),
        };
    }

    private static string DatePart(string value, int start, int length) => $"CAST(substr({value}, {start}, {length}) AS INTEGER)";

    private ApiProblemException Unsupported(string what) =>
        new(ProblemCatalog.InvalidQueryOption, $"{option}: {what} is not supported by LfRepo's Table API.");
}
