using System.Globalization;
using LfRepo.Server.Problems;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace LfRepo.Server.OData;

/// <summary>What one listing operation accepts: its EDM type, paging defaults and limits.</summary>
public sealed record ListingShape(
    string OperationId,
    IEdmModel Model,
    IEdmEntityType EntityType,
    IEdmEntitySet EntitySet,
    int DefaultPageSize,
    int MaxTop = 150,
    int MaxOrderByTerms = 5,
    string[]? Options = null)
{
    /// <summary>The $-options this operation takes; by default all of them.</summary>
    public IReadOnlyCollection<string> AcceptedOptions => Options ?? ListQueryParser.KnownOptions;
}

/// <summary>
/// Parses <c>$select</c>, <c>$orderby</c>, <c>$top</c>, <c>$skip</c>, <c>$count</c>, <c>$skiptoken</c> and the
/// Prefer header with Microsoft.OData.Core against the operation's EDM type. A bad option is a 400 naming it.
/// </summary>
public static class ListQueryParser
{
    public const int MaxPageSize = 1000;

    public static readonly string[] KnownOptions = ["$select", "$orderby", "$top", "$skip", "$count", "$skiptoken"];

    public static ListQuery Parse(ListingShape shape, IQueryCollection query, string? prefer)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            if (!key.StartsWith('$'))
            {
                continue;
            }
            var name = key.ToLowerInvariant();
            if (!shape.AcceptedOptions.Contains(name))
            {
                throw Invalid(key, $"The query option '{key}' is not supported by {shape.OperationId}.");
            }
            if (values.Count > 1)
            {
                throw Invalid(key, $"The query option '{key}' was given more than once.");
            }
            options[name] = values.ToString();
        }

        if (options.Count == 0)
        {
            // Nothing to parse: skip building a parser (GetEntry is the hot path).
            return new ListQuery { PageSize = ParsePreferPageSize(prefer) ?? shape.DefaultPageSize };
        }

        var parser = new ODataQueryOptionParser(shape.Model, shape.EntityType, shape.EntitySet, options)
        {
            Resolver = new ODataUriResolver { EnableCaseInsensitive = true },
        };

        var select = ParseSelect(parser, options);
        var orderBy = ParseOrderBy(parser, options, shape);
        var top = ParseNonNegative(options, "$top");
        if (top > shape.MaxTop)
        {
            throw Invalid("$top", $"$top is {top}; the maximum value is {shape.MaxTop}.");
        }
        var skip = ParseNonNegative(options, "$skip") ?? 0;
        var count = ParseCount(options);

        SkipToken? continuation = null;
        if (options.TryGetValue("$skiptoken", out var tokenText))
        {
            continuation = SkipToken.TryDecode(tokenText)
                ?? throw Invalid("$skiptoken", "$skiptoken is not a continuation this server issued; follow @odata.nextLink as given.");
        }

        return new ListQuery
        {
            Select = select,
            OrderBy = orderBy,
            Top = top,
            Skip = skip,
            Count = count,
            PageSize = ParsePreferPageSize(prefer) ?? shape.DefaultPageSize,
            Continuation = continuation,
        };
    }

    /// <summary>Reads <c>maxpagesize=N</c> or <c>odata.maxpagesize=N</c> from a Prefer header.</summary>
    public static int? ParsePreferPageSize(string? prefer)
    {
        if (string.IsNullOrWhiteSpace(prefer))
        {
            return null;
        }
        foreach (var part in prefer.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals < 0)
            {
                continue;
            }
            var name = part[..equals].Trim();
            if (!name.Equals("maxpagesize", StringComparison.OrdinalIgnoreCase) && !name.Equals("odata.maxpagesize", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var value = part[(equals + 1)..].Trim().Trim('"');
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
            {
                throw Invalid("Prefer", $"The Prefer header's {name} must be a positive integer, not '{value}'.");
            }
            return Math.Min(size, MaxPageSize);
        }
        return null;
    }

    private static IReadOnlySet<string>? ParseSelect(ODataQueryOptionParser parser, Dictionary<string, string> options)
    {
        if (!options.ContainsKey("$select"))
        {
            return null;
        }
        SelectExpandClause clause;
        try
        {
            clause = parser.ParseSelectAndExpand();
        }
        catch (ODataException ex)
        {
            throw Invalid("$select", ex.Message);
        }
        if (clause is null || clause.AllSelected)
        {
            return null;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in clause.SelectedItems)
        {
            if (item is PathSelectItem { SelectedPath.FirstSegment: PropertySegment property })
            {
                names.Add(property.Property.Name);
            }
            else if (item is WildcardSelectItem)
            {
                return null;
            }
            else
            {
                throw Invalid("$select", "$select takes property names only.");
            }
        }
        return names;
    }

    private static List<OrderTerm> ParseOrderBy(ODataQueryOptionParser parser, Dictionary<string, string> options, ListingShape shape)
    {
        var terms = new List<OrderTerm>();
        if (!options.ContainsKey("$orderby"))
        {
            return terms;
        }
        OrderByClause? clause;
        try
        {
            clause = parser.ParseOrderBy();
        }
        catch (ODataException ex)
        {
            throw Invalid("$orderby", ex.Message);
        }
        for (; clause is not null; clause = clause.ThenBy)
        {
            if (clause.Expression is not SingleValuePropertyAccessNode property)
            {
                throw Invalid("$orderby", "$orderby takes property names, each optionally followed by asc or desc.");
            }
            terms.Add(new OrderTerm(property.Property.Name, clause.Direction == OrderByDirection.Descending));
        }
        if (terms.Count > shape.MaxOrderByTerms)
        {
            throw Invalid("$orderby", $"$orderby has {terms.Count} expressions; the maximum is {shape.MaxOrderByTerms}.");
        }
        return terms;
    }

    private static int? ParseNonNegative(Dictionary<string, string> options, string name)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Invalid(name, $"{name} must be a non-negative integer, not '{text}'.");
        }
        return value;
    }

    private static bool ParseCount(Dictionary<string, string> options)
    {
        if (!options.TryGetValue("$count", out var text))
        {
            return false;
        }
        return text.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw Invalid("$count", $"$count must be true or false, not '{text}'."),
        };
    }

    private static ApiProblemException Invalid(string option, string message) =>
        new(ProblemCatalog.InvalidQueryOption, message.Contains(option, StringComparison.OrdinalIgnoreCase) ? message : $"{option}: {message}");
}
