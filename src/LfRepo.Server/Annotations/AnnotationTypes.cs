using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Annotations;

/// <summary>The kinds of value a type-specific annotation member holds.</summary>
public enum MemberKind { Color, Int, Bool, Text, Point, Rectangle, Size, Rectangles, Points, Choice }

public sealed record MemberSpec(string Name, MemberKind Kind, JsonNode? Default, string[]? Choices = null);

/// <summary>
/// The members of each annotation type of the spec's polymorphic Annotation schema (discriminated by
/// annotationType), with the value a new annotation takes when a member is omitted, and their validation.
/// </summary>
public static partial class AnnotationTypes
{
    private static readonly string[] Direction = ["LeftToRight", "TopToBottom", "RightToLeft", "BottomToTop"];
    private static readonly string[] LineStyle = ["Solid", "Dashed1", "Dashed2", "Dashed3", "Dashed4", "Dashed5", "Dashed6", "Cloud1", "Cloud2"];
    private static readonly string[] LineEnding = ["None", "Open", "Closed", "OpenReversed", "ClosedReversed", "Butt", "Diamond", "Round", "Square", "Slash"];
    private static readonly string[] BoxStyle = ["Rectangle", "Ellipse", "RoundedRectangle"];
    private static readonly string[] FillStyle = ["None", "Solid"];
    public static readonly string[] Visibilities = ["CreatorAndOwner", "Standard", "AllUsers"];
    public static readonly string[] AccessTypes = ["None", "Allow", "Deny"];

    private static MemberSpec Color(string name, string? value = null) => new(name, MemberKind.Color, value);
    private static MemberSpec Int(string name, int value = 0) => new(name, MemberKind.Int, value);
    private static MemberSpec Choice(string name, string[] choices) => new(name, MemberKind.Choice, choices[0], choices);
    private static MemberSpec Of(string name, MemberKind kind) => new(name, kind, null);

    private static MemberSpec[] TextMarkup(params MemberSpec[] first) =>
        [.. first, Int("textStart", -1), Int("textEnd", -1), Of("rectangles", MemberKind.Rectangles)];

    public static readonly IReadOnlyDictionary<string, MemberSpec[]> Members = new Dictionary<string, MemberSpec[]>(StringComparer.Ordinal)
    {
        ["Highlight"] = TextMarkup(Color("color", "#FFFF00")),
        ["Redaction"] = TextMarkup(new MemberSpec("isWhiteout", MemberKind.Bool, false)),
        ["Strikeout"] = TextMarkup(Color("color", "#FF0000"), Choice("direction", Direction)),
        ["Underline"] = TextMarkup(Color("color", "#FF0000"), Choice("direction", Direction)),
        ["Note"] = [Of("position", MemberKind.Point), Color("color", "#FFFF00"), Of("text", MemberKind.Text), new("keepHistory", MemberKind.Bool, false)],
        ["Attachment"] = [Of("position", MemberKind.Point), Of("fileName", MemberKind.Text), Of("mimeType", MemberKind.Text)],
        ["TextBox"] = [Of("coordinates", MemberKind.Rectangle), Color("fillColor"), Color("borderColor", "#000000"), Choice("borderStyle", LineStyle),
            Int("borderThickness", 1), Int("opacity", 100), Of("text", MemberKind.Text), Int("textSize", 12), Choice("direction", Direction)],
        ["Bitmap"] = [Of("position", MemberKind.Point), Of("size", MemberKind.Size), Int("rotation"), Int("opacity", 100)],
        ["Line"] = [Of("beginPosition", MemberKind.Point), Of("endPosition", MemberKind.Point), Choice("beginStyle", LineEnding), Choice("endStyle", LineEnding),
            Choice("lineStyle", LineStyle), Color("color", "#000000"), Color("endColor", "#000000"), Int("thickness", 1), Int("opacity", 100)],
        ["Rectangle"] = [Of("coordinates", MemberKind.Rectangle), Color("fillColor"), Choice("boxStyle", BoxStyle), Choice("borderStyle", LineStyle),
            Color("borderColor", "#000000"), Int("borderThickness", 1), Int("opacity", 100)],
        ["Polyline"] = [Of("points", MemberKind.Points), Choice("lineStyle", LineStyle), Color("fillColor"), Choice("fillStyle", FillStyle),
            Color("color", "#000000"), Int("thickness", 1), Int("opacity", 100)],
        ["Callout"] = [Of("boxCoordinates", MemberKind.Rectangle), Of("focusPosition", MemberKind.Point), Color("fillColor"), Color("borderColor", "#000000"),
            Choice("borderStyle", LineStyle), Int("borderThickness", 1), Choice("focusStyle", LineEnding), Int("opacity", 100), Int("textSize", 12),
            Of("text", MemberKind.Text), Choice("direction", Direction)],
        ["Stamp"] = [Int("stampId"), Of("coordinates", MemberKind.Rectangle), Of("position", MemberKind.Point), Color("color", "#000000"), Int("rotation"), Int("opacity", 100)],
        ["FreeHand"] = [Of("points", MemberKind.Points), Choice("lineStyle", LineStyle), Color("color", "#000000"), Int("thickness", 1), Int("opacity", 100)],
    };

    /// <summary>The members every annotation has that a client may write.</summary>
    public static readonly string[] CommonWritable = ["isProtected", "visibility", "comment", "customData", "zOrder", "reasonId", "accessType"];

    /// <summary>The members the server sets; a request may carry them (clients echo what they read) and they are ignored.</summary>
    public static readonly string[] CommonReadOnly = ["itemId", "entryId", "pageNumber", "annotationType", "creator", "createdTime", "lastModifiedTime", "isReadOnly", "attachmentLength"];

    public static string TypeNames => string.Join(", ", Members.Keys);

    /// <summary>Checks a type-specific member's value and returns it as stored (a null stays null).</summary>
    public static JsonNode? Validate(string type, MemberSpec spec, JsonNode? value)
    {
        if (value is null)
        {
            return spec.Kind is MemberKind.Int or MemberKind.Bool or MemberKind.Choice ? throw Bad(type, spec.Name, "must not be null") : null;
        }
        switch (spec.Kind)
        {
            case MemberKind.Color:
                return IsString(value, out var color) && HexColor().IsMatch(color) ? JsonValue.Create(color.ToUpperInvariant())
                    : throw Bad(type, spec.Name, "must be an RGB hex string such as \"#FF0000\"");
            case MemberKind.Int:
                var number = Int(value) ?? throw Bad(type, spec.Name, "must be an integer");
                if (spec.Name is "opacity" && number is < 0 or > 100) throw Bad(type, spec.Name, "is a percentage from 0 to 100");
                if (spec.Name is "rotation" && number is < 0 or > 359) throw Bad(type, spec.Name, "is in degrees from 0 to 359");
                if (spec.Name is "thickness" or "borderThickness" or "textSize" && number < 0) throw Bad(type, spec.Name, "must not be negative");
                if (spec.Name is "textStart" or "textEnd" && number < -1) throw Bad(type, spec.Name, "is -1 or an offset");
                return JsonValue.Create(number);
            case MemberKind.Bool:
                return value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? JsonValue.Create(value.GetValue<bool>()) : throw Bad(type, spec.Name, "must be true or false");
            case MemberKind.Text:
                return IsString(value, out var text) ? JsonValue.Create(text) : throw Bad(type, spec.Name, "must be a string");
            case MemberKind.Choice:
                var choice = IsString(value, out var name) ? spec.Choices!.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase)) : null;
                return choice is null ? throw Bad(type, spec.Name, $"must be one of {string.Join(", ", spec.Choices!)}") : JsonValue.Create(choice);
            case MemberKind.Point:
                return Shape(type, spec.Name, value, ["x", "y"], allowNegative: false);
            case MemberKind.Size:
                return Shape(type, spec.Name, value, ["width", "height"], allowNegative: false);
            case MemberKind.Rectangle:
                return Shape(type, spec.Name, value, ["x", "y", "width", "height"], allowNegative: false);
            case MemberKind.Rectangles:
            case MemberKind.Points:
                if (value is not JsonArray items) throw Bad(type, spec.Name, "must be an array");
                var keys = spec.Kind == MemberKind.Points ? new[] { "x", "y" } : ["x", "y", "width", "height"];
                return new JsonArray([.. items.Select((item, i) => Shape(type, $"{spec.Name}[{i}]", item, keys, allowNegative: false))]);
            default:
                throw new InvalidOperationException(spec.Kind.ToString());
        }
    }

    private static JsonObject Shape(string type, string member, JsonNode? value, string[] keys, bool allowNegative)
    {
        if (value is not JsonObject shape) throw Bad(type, member, $"must be an object with {string.Join(", ", keys)}");
        var unknown = shape.Select(p => p.Key).FirstOrDefault(k => !keys.Contains(k, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null) throw Bad(type, member, $"has no member '{unknown}'; use {string.Join(", ", keys)}");
        var result = new JsonObject();
        foreach (var key in keys)
        {
            var node = shape.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
            var number = node is null ? 0 : Int(node) ?? throw Bad(type, $"{member}.{key}", "must be an integer");
            if (!allowNegative && number < 0) throw Bad(type, $"{member}.{key}", "must not be negative");
            result[key] = number;
        }
        return result;
    }

    private static bool IsString(JsonNode value, out string text)
    {
        text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";
        return value.GetValueKind() == JsonValueKind.String;
    }

    public static int? Int(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<int>(out var i) ? i
        : value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue ? (int)d
        : null;

    public static ApiProblemException Bad(string type, string member, string why) =>
        new(ProblemCatalog.InvalidAnnotation, $"{type} annotation: '{member}' {why}.");

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}
