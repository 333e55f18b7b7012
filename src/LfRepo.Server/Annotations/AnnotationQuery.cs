using System.Text.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Annotations;

/// <summary>$select and $orderby over the plain arrays the annotation listings answer.</summary>
public static class AnnotationQuery
{
    public static JsonArray Shape(List<JsonObject> items, string? select, string? orderBy)
    {
        IEnumerable<JsonObject> ordered = items;
        if (!string.IsNullOrWhiteSpace(orderBy))
        {
            IOrderedEnumerable<JsonObject>? sorted = null;
            foreach (var clause in orderBy.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var descending = parts.Length == 2 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
                if (parts.Length > 2 || parts.Length == 2 && !descending && !parts[1].Equals("asc", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$orderby '{clause}': use a member name followed by asc or desc.");
                }
                var name = parts[0];
                if (items.Count > 0 && !items.Any(i => i.Any(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))))
                {
                    throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$orderby names the unknown member '{name}'.");
                }
                Func<JsonObject, string> key = item => SortKey(item.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value);
                sorted = sorted is null
                    ? descending ? ordered.OrderByDescending(key, StringComparer.Ordinal) : ordered.OrderBy(key, StringComparer.Ordinal)
                    : descending ? sorted.ThenByDescending(key, StringComparer.Ordinal) : sorted.ThenBy(key, StringComparer.Ordinal);
            }
            ordered = sorted ?? ordered;
        }
        return new JsonArray([.. ordered.Select(i => (JsonNode)Select(i, select))]);
    }

    /// <summary>Numbers sort by value (offset and zero-padded), the rest by their text.</summary>
    private static string SortKey(JsonNode? value) =>
        value is null ? "" : value.GetValueKind() == JsonValueKind.Number ? (value.GetValue<double>() + 1e15).ToString("000000000000000000000.000000", System.Globalization.CultureInfo.InvariantCulture)
        : value.GetValueKind() == JsonValueKind.String ? "~" + value.GetValue<string>() : "~" + value.ToJsonString();

    /// <summary>Keeps the named members (annotationType always stays: it is the discriminator).</summary>
    public static JsonObject Select(JsonObject item, string? select)
    {
        if (string.IsNullOrWhiteSpace(select))
        {
            return item;
        }
        var wanted = select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = new JsonObject();
        foreach (var (name, value) in item)
        {
            if (name == "annotationType" || wanted.Contains(name) || name == "id")
            {
                result[name] = value?.DeepClone();
            }
        }
        return result;
    }
}
