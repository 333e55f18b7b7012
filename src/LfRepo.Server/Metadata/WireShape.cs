using System.Text.Json;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using Microsoft.OData.Edm;

namespace LfRepo.Server.Metadata;

/// <summary>How a member is written and parsed: a primitive EDM kind, or a collection/map that cannot be sorted.</summary>
public enum MemberKind
{
    String,
    Int32,
    Boolean,
    Strings,
    Int32s,
    StringMap,
}

/// <summary>A field value with its 1-based position, as v1 writes field values.</summary>
public sealed record PositionedValue(string Value, int Position);

/// <summary>One member of a wire object: its camelCase name, kind and value (null values are left out).</summary>
public sealed record Member<T>(string Name, MemberKind Kind, Func<T, object?> Value);

/// <summary>
/// One metadata wire type: its members in the spec's order, the EDM type OData options are parsed against, and
/// the in-memory paging of a listing of it (definitions and an entry's metadata are small sets).
/// </summary>
public sealed class WireShape<T>
{
    private readonly Member<T>[] _members;
    private readonly Dictionary<string, Member<T>> _byName;
    private readonly IEdmModel _model;
    private readonly EdmEntityType _type;
    private readonly EdmEntitySet _set;

    public WireShape(string typeName, string keyName, params Member<T>[] members)
    {
        _members = members;
        _byName = members.ToDictionary(m => m.Name, StringComparer.Ordinal);
        TypeName = typeName;
        _type = new EdmEntityType("Laserfiche.Repository", typeName);
        foreach (var member in members)
        {
            var property = member.Kind switch
            {
                MemberKind.Int32 => _type.AddStructuralProperty(member.Name, EdmPrimitiveTypeKind.Int32, member.Name != keyName),
                MemberKind.Boolean => _type.AddStructuralProperty(member.Name, EdmPrimitiveTypeKind.Boolean, true),
                MemberKind.Strings or MemberKind.StringMap => _type.AddStructuralProperty(member.Name,
                    new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(true)))),
                MemberKind.Int32s => _type.AddStructuralProperty(member.Name,
                    new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetInt32(false)))),
                _ => _type.AddStructuralProperty(member.Name, EdmPrimitiveTypeKind.String, member.Name != keyName),
            };
            if (member.Name == keyName)
            {
                _type.AddKeys(property);
            }
        }
        var model = new EdmModel();
        model.AddElement(_type);
        var container = new EdmEntityContainer("Laserfiche.Repository", "Container");
        _set = container.AddEntitySet(typeName + "s", _type);
        model.AddElement(container);
        _model = model;
    }

    public string TypeName { get; }

    public ListingShape Listing(string operationId, int defaultPageSize = 100) => new(operationId, _model, _type, _set, defaultPageSize);

    public ListingShape Single(string operationId) => new(operationId, _model, _type, _set, 1, Options: ["$select"]);

    public void Write(Utf8JsonWriter w, T item, IReadOnlySet<string>? select, string? context = null)
    {
        w.WriteStartObject();
        if (context is not null)
        {
            w.WriteString("@odata.context", context);
        }
        foreach (var member in _members)
        {
            if (select is not null && !select.Contains(member.Name))
            {
                continue;
            }
            var value = member.Value(item);
            switch (value)
            {
                case null:
                    break;
                case string text:
                    w.WriteString(member.Name, text);
                    break;
                case int number:
                    w.WriteNumber(member.Name, number);
                    break;
                case bool flag:
                    w.WriteBoolean(member.Name, flag);
                    break;
                case FieldRule rule:
                    w.WriteStartObject(member.Name);
                    w.WriteStartArray("ancestors");
                    foreach (var ancestor in rule.Ancestors)
                    {
                        w.WriteNumberValue(ancestor);
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                    break;
                case TemplateColor color:
                    w.WriteStartObject(member.Name);
                    w.WriteNumber("a", color.A);
                    w.WriteNumber("r", color.R);
                    w.WriteNumber("g", color.G);
                    w.WriteNumber("b", color.B);
                    w.WriteEndObject();
                    break;
                case IReadOnlyDictionary<string, string> map:
                    w.WriteStartObject(member.Name);
                    foreach (var (key, text) in map)
                    {
                        w.WriteString(key, text);
                    }
                    w.WriteEndObject();
                    break;
                case IReadOnlyList<PositionedValue> positioned:
                    w.WriteStartArray(member.Name);
                    foreach (var entry in positioned)
                    {
                        w.WriteStartObject();
                        w.WriteString("value", entry.Value);
                        w.WriteNumber("position", entry.Position);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    break;
                case IReadOnlyList<int> numbers:
                    w.WriteStartArray(member.Name);
                    foreach (var number in numbers)
                    {
                        w.WriteNumberValue(number);
                    }
                    w.WriteEndArray();
                    break;
                case IEnumerable<string> texts:
                    w.WriteStartArray(member.Name);
                    foreach (var text in texts)
                    {
                        w.WriteStringValue(text);
                    }
                    w.WriteEndArray();
                    break;
            }
        }
        w.WriteEndObject();
    }

    /// <summary>Orders (the source order when no $orderby) and pages the items as the query says.</summary>
    public (IReadOnlyList<T> Rows, int Total, SkipToken? Next) Page(IEnumerable<T> items, ListQuery query)
    {
        var all = items.ToList();
        IEnumerable<T> ordered = all;
        if (query.OrderBy.Count > 0)
        {
            IOrderedEnumerable<T>? sorted = null;
            foreach (var term in query.OrderBy)
            {
                var member = _byName.GetValueOrDefault(term.Property);
                if (member is null || member.Kind is MemberKind.Strings or MemberKind.Int32s or MemberKind.StringMap)
                {
                    throw new ApiProblemException(ProblemCatalog.InvalidQueryOption, $"$orderby: {TypeName} cannot be ordered by '{term.Property}'.");
                }
                Func<T, object?> key = item => member.Value(item) is string s ? s.ToUpperInvariant() : member.Value(item);
                sorted = sorted is null
                    ? (term.Descending ? all.OrderByDescending(key, Comparer<object?>.Default) : all.OrderBy(key, Comparer<object?>.Default))
                    : (term.Descending ? sorted.ThenByDescending(key, Comparer<object?>.Default) : sorted.ThenBy(key, Comparer<object?>.Default));
            }
            ordered = sorted!;
        }

        var rows = ordered.Skip(query.Offset).Take(query.Take).ToList();
        return (rows, all.Count, query.NextPage(rows.Count, query.Offset + rows.Count < all.Count && rows.Count > 0));
    }
}
