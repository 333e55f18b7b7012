using System.Text.Json.Nodes;
using LfRepo.Server.Documents;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Annotations;

/// <summary>
/// The rectangles of a page's redaction annotations, for the page images that always show them covered, and its
/// other annotations as the marks an image export draws.
/// </summary>
public sealed class AnnotationRedactions(LfRepoDbContext db, EntryAccess access, IStampLookup stamps) : IPageRedactions
{
    /// <summary>The side of the icon that stands for a sticky note or an attachment, in pixels.</summary>
    public const int IconSize = 24;

    /// <summary>How opaque a highlight is over the text it marks, in percent.</summary>
    public const int HighlightOpacity = 40;

    public async Task<IReadOnlyList<PageBox>> ForPageAsync(int pageId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<AnnotationRecord>().AsNoTracking()
            .Where(a => a.PageId == pageId && a.AnnotationType == "Redaction")
            .OrderBy(a => a.ZOrder).ThenBy(a => a.Id).Select(a => a.MembersJson).ToListAsync(cancellationToken);
        var boxes = new List<PageBox>();
        foreach (var json in rows)
        {
            var members = JsonNode.Parse(json)!.AsObject();
            var white = members["isWhiteout"]?.GetValue<bool>() ?? false;
            foreach (var rect in members["rectangles"]?.AsArray() ?? [])
            {
                boxes.Add(new PageBox(rect!["x"]!.GetValue<int>(), rect["y"]!.GetValue<int>(), rect["width"]!.GetValue<int>(), rect["height"]!.GetValue<int>(), white));
            }
        }
        return boxes;
    }

    public async Task<IReadOnlyList<(int Start, int End)>> TextSpansAsync(int pageId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<AnnotationRecord>().AsNoTracking()
            .Where(a => a.PageId == pageId && a.AnnotationType == "Redaction").Select(a => a.MembersJson).ToListAsync(cancellationToken);
        var spans = new List<(int, int)>();
        foreach (var json in rows)
        {
            var members = JsonNode.Parse(json)!.AsObject();
            var start = members["textStart"]?.GetValue<int>() ?? -1;
            var end = members["textEnd"]?.GetValue<int>() ?? -1;
            if (start >= 0 && end > start)
            {
                spans.Add((start, end));
            }
        }
        return spans;
    }

    public async Task<bool> SeesThroughAsync(int entryId, string user, CancellationToken cancellationToken) =>
        ((await access.RightsAsync(access.Principal(user), entryId, cancellationToken)) ?? EntryRight.None).HasFlag(EntryRight.SeeThroughRedactions);

    public async Task<IReadOnlyList<PageMark>> MarksAsync(int entryId, int pageId, string user, CancellationToken cancellationToken)
    {
        var rows = await db.Set<AnnotationRecord>().AsNoTracking()
            .Where(a => a.PageId == pageId && a.AnnotationType != "Redaction")
            .OrderBy(a => a.ZOrder).ThenBy(a => a.Id)
            .Select(a => new { a.Id, a.AnnotationType, a.MembersJson, HasImage = a.AnnotationType == "Bitmap" && a.Content != null })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }
        var rights = await access.RightsAsync(access.Principal(user), entryId, cancellationToken) ?? EntryRight.None;
        if (!rights.HasFlag(EntryRight.SeeAnnotations))
        {
            return [];
        }
        var marks = new List<PageMark>();
        foreach (var row in rows)
        {
            var m = JsonNode.Parse(row.MembersJson)!.AsObject();
            var opacity = Int(m, "opacity", 100);
            switch (row.AnnotationType)
            {
                case "Highlight":
                    marks.AddRange(Rectangles(m).Select(r => new BoxMark(r.X, r.Y, r.W, r.H, Str(m, "color") ?? "#FFFF00", null, 0, false, HighlightOpacity)));
                    break;
                case "Strikeout":
                case "Underline":
                    var vertical = Str(m, "direction") is "TopToBottom" or "BottomToTop";
                    foreach (var r in Rectangles(m))
                    {
                        // Across the text: through its middle for a strikeout, along its bottom edge for an underline.
                        var across = vertical ? r.W : r.H;
                        var thickness = Math.Max(1, across / 10);
                        var offset = row.AnnotationType == "Strikeout" ? across / 2 : across - (thickness + 1) / 2;
                        (int, int)[] line = vertical ? [(r.X + offset, r.Y), (r.X + offset, r.Y + r.H)] : [(r.X, r.Y + offset), (r.X + r.W, r.Y + offset)];
                        marks.Add(new LineMark(line, Str(m, "color") ?? "#FF0000", thickness, null, 100));
                    }
                    break;
                case "Note":
                    if (Point(m, "position") is { } note)
                    {
                        marks.Add(new BoxMark(note.X, note.Y, IconSize, IconSize, Str(m, "color") ?? "#FFFF00", "#000000", 1, false, 100));
                    }
                    break;
                case "Attachment":
                    if (Point(m, "position") is { } clip)
                    {
                        marks.Add(new BoxMark(clip.X, clip.Y, IconSize, IconSize, "#C0C0C0", "#000000", 1, false, 100));
                    }
                    break;
                case "TextBox":
                case "Callout":
                    var box = Rect(m, row.AnnotationType == "Callout" ? "boxCoordinates" : "coordinates");
                    if (box is not { } b)
                    {
                        break;
                    }
                    if (row.AnnotationType == "Callout" && Point(m, "focusPosition") is { } focus)
                    {
                        marks.Add(new LineMark([(b.X + b.W / 2, b.Y + b.H / 2), (focus.X, focus.Y)], Str(m, "borderColor") ?? "#000000", Math.Max(1, Int(m, "borderThickness", 1)), null, opacity));
                    }
                    marks.Add(new BoxMark(b.X, b.Y, b.W, b.H, Str(m, "fillColor"), Str(m, "borderColor"), Int(m, "borderThickness", 1), false, opacity));
                    if (Str(m, "text") is { Length: > 0 } text)
                    {
                        marks.Add(new TextMark(b.X, b.Y, b.W, b.H, text, Math.Max(1, Int(m, "textSize", 12)), "#000000", opacity));
                    }
                    break;
                case "Rectangle":
                    if (Rect(m, "coordinates") is { } rect)
                    {
                        marks.Add(new BoxMark(rect.X, rect.Y, rect.W, rect.H, Str(m, "fillColor"), Str(m, "borderColor"), Int(m, "borderThickness", 1),
                            Str(m, "boxStyle") == "Ellipse", opacity));
                    }
                    break;
                case "Line":
                    if (Point(m, "beginPosition") is { } begin && Point(m, "endPosition") is { } end)
                    {
                        marks.Add(new LineMark([begin, end], Str(m, "color") ?? "#000000", Math.Max(1, Int(m, "thickness", 1)), null, opacity));
                    }
                    break;
                case "Polyline":
                case "FreeHand":
                    var points = Points(m);
                    if (points.Count > 1)
                    {
                        var fill = row.AnnotationType == "Polyline" && Str(m, "fillStyle") == "Solid" ? Str(m, "fillColor") : null;
                        marks.Add(new LineMark(points, Str(m, "color") ?? "#000000", Math.Max(1, Int(m, "thickness", 1)), fill, opacity));
                    }
                    break;
                case "Stamp":
                    var stampBox = Rect(m, "coordinates");
                    if (stampBox is { W: > 0, H: > 0 } s && Int(m, "stampId", 0) is var stampId and > 0
                        && await stamps.DrawableImageAsync(stampId, Str(m, "color") ?? "#000000", cancellationToken) is { } stampImage)
                    {
                        marks.Add(new ImageMark(s.X, s.Y, s.W, s.H, stampImage, Int(m, "rotation", 0), opacity));
                    }
                    break;
                case "Bitmap":
                    if (row.HasImage && Point(m, "position") is { } origin && m["size"] is JsonObject size)
                    {
                        var image = await db.Set<AnnotationRecord>().AsNoTracking().Where(a => a.Id == row.Id).Select(a => a.Content).FirstAsync(cancellationToken);
                        marks.Add(new ImageMark(origin.X, origin.Y, size["width"]!.GetValue<int>(), size["height"]!.GetValue<int>(), image!, Int(m, "rotation", 0), opacity));
                    }
                    break;
            }
        }
        return marks;
    }

    private static string? Str(JsonObject members, string name) => members[name]?.GetValue<string>();

    private static int Int(JsonObject members, string name, int otherwise) => members[name]?.GetValue<int>() ?? otherwise;

    private static (int X, int Y)? Point(JsonObject members, string name) =>
        members[name] is JsonObject p ? (p["x"]!.GetValue<int>(), p["y"]!.GetValue<int>()) : null;

    private static (int X, int Y, int W, int H)? Rect(JsonObject members, string name) =>
        members[name] is JsonObject r ? (r["x"]!.GetValue<int>(), r["y"]!.GetValue<int>(), r["width"]!.GetValue<int>(), r["height"]!.GetValue<int>()) : null;

    private static List<(int X, int Y, int W, int H)> Rectangles(JsonObject members) =>
        [.. (members["rectangles"]?.AsArray() ?? []).Select(r => (r!["x"]!.GetValue<int>(), r["y"]!.GetValue<int>(), r["width"]!.GetValue<int>(), r["height"]!.GetValue<int>()))];

    private static List<(int X, int Y)> Points(JsonObject members) =>
        [.. (members["points"]?.AsArray() ?? []).Select(p => (p!["x"]!.GetValue<int>(), p["y"]!.GetValue<int>()))];
}
