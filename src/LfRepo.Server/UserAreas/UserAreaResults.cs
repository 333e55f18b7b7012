using LfRepo.Server.Api;
using LfRepo.Server.Metadata;
using LfRepo.Server.OData;

namespace LfRepo.Server.UserAreas;

/// <summary>
/// The answers of the user-area operations: bare JSON arrays and objects, as the spec shapes them (no OData
/// envelope, no paging). The only OData option any of them takes is <c>$select</c> on a single area or collection.
/// </summary>
public static class UserAreaResults
{
    /// <summary>Refuses every $-option: these operations take none.</summary>
    public static void NoOptions<T>(WireShape<T> shape, string operationId, IQueryCollection query) =>
        ListQueryParser.Parse(shape.Listing(operationId) with { Options = [] }, query, null);

    /// <summary>The $select of an operation that takes only that option.</summary>
    public static IReadOnlySet<string>? Select<T>(WireShape<T> shape, string operationId, IQueryCollection query) =>
        ListQueryParser.Parse(shape.Single(operationId), query, null).Select;

    public static JsonBodyResult Array<T>(WireShape<T> shape, IEnumerable<T> items) => new(w =>
    {
        w.WriteStartArray();
        foreach (var item in items)
        {
            shape.Write(w, item, null);
        }
        w.WriteEndArray();
    });

    public static JsonBodyResult One<T>(WireShape<T> shape, T item, IReadOnlySet<string>? select = null) => new(w => shape.Write(w, item, select));
}
