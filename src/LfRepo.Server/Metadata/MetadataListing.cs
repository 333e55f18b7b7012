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
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            if (query.Count)
            {
                w.WriteNumber("@odata.count", total);
            }
            w.WriteStartArray("value");
            foreach (var row in rows)
            {
                shape.Write(w, row, query.Select);
            }
            w.WriteEndArray();
            if (nextLink is not null)
            {
                w.WriteString("@odata.nextLink", nextLink);
            }
            w.WriteEndObject();
        });
    }

    /// <summary>The whole collection, unpaged: the answer of a write (SetFields, SetTags, SetLinks) takes no query options.</summary>
    public static JsonBodyResult RespondAll<T>(HttpRequest request, WireShape<T> shape, IEnumerable<T> items, string contextSuffix, string version = "v2")
    {
        var context = $"{NextLink.Base(request)}/{version}/$metadata#{contextSuffix}";
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", context);
            w.WriteStartArray("value");
            foreach (var item in items)
            {
                shape.Write(w, item, null);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static JsonBodyResult RespondOne<T>(HttpRequest request, WireShape<T> shape, ListingShape listing, T item, string contextSuffix, string version = "v2")
    {
        var query = ListQueryParser.Parse(listing, request.Query, null);
        var context = $"{NextLink.Base(request)}/{version}/$metadata#{contextSuffix}";
        return new JsonBodyResult(w => shape.Write(w, item, query.Select, context));
    }
}
