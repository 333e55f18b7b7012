using LfRepo.Server.Api;
using LfRepo.Server.OData;

namespace LfRepo.Server.Metadata;

/// <summary>Answers a listing of metadata in the OData collection envelope, paged and ordered as asked.</summary>
public static class MetadataListing
{
    public static JsonBodyResult Respond<T>(HttpRequest request, WireShape<T> shape, ListingShape listing, IEnumerable<T> items, string contextSuffix, string version = "v2")
    {
        var query = ListQueryParser.Parse(listing, request.Query, request.Headers["Prefer"]);
        var (rows, total, next) = shape.Page(items, query);
        var nextLink = next is null ? null : NextLink.Build(request, next);
        var context = $"{NextLink.Base(request)}/{version}/$metadata#{contextSuffix}";
        return CollectionResult.Create(context, query.Count ? total : null, nextLink, w =>
        {
            foreach (var row in rows)
            {
                shape.Write(w, row, query.Select);
            }
        });
    }

    /// <summary>The whole collection, unpaged: the answer of a write (SetFields, SetTags, SetLinks) takes no query options.</summary>
    public static JsonBodyResult RespondAll<T>(HttpRequest request, WireShape<T> shape, IEnumerable<T> items, string contextSuffix, string version = "v2")
    {
        var context = $"{NextLink.Base(request)}/{version}/$metadata#{contextSuffix}";
        return CollectionResult.Create(context, null, null, w =>
        {
            foreach (var item in items)
            {
                shape.Write(w, item, null);
            }
        });
    }

    /// <summary>An object of string arrays by name (the dynamic field values, the same in v1 and v2).</summary>
    public static JsonBodyResult RespondMap(IReadOnlyDictionary<string, string[]> values) => new(w =>
    {
        w.WriteStartObject();
        foreach (var (name, allowed) in values)
        {
            w.WriteStartArray(name);
            foreach (var value in allowed)
            {
                w.WriteStringValue(value);
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    });

    public static JsonBodyResult RespondOne<T>(HttpRequest request, WireShape<T> shape, ListingShape listing, T item, string contextSuffix, string version = "v2")
    {
        var query = ListQueryParser.Parse(listing, request.Query, null);
        var context = $"{NextLink.Base(request)}/{version}/$metadata#{contextSuffix}";
        return new JsonBodyResult(w => shape.Write(w, item, query.Select, context));
    }
}
