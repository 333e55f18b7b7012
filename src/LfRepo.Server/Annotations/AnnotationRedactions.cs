using System.Text.Json.Nodes;
using LfRepo.Server.Documents;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Annotations;

/// <summary>The rectangles of a page's redaction annotations, for the page images that always show them covered.</summary>
public sealed class AnnotationRedactions(LfRepoDbContext db) : IPageRedactions
{
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
}
