using System.Text.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Documents;
using LfRepo.Server.Problems;
using LfRepo.Server.Search;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Annotations;

/// <summary>What a caller may see of annotations: redactions' content needs SeeThroughRedactions.</summary>
public sealed record AnnotationViewer(string UserName, string? Sid, bool SeesThroughRedactions);

/// <summary>The annotation operations: validation against the type's members and the page's size, storage, shaping.</summary>
public sealed class AnnotationService(
    LfRepoDbContext db, DocumentStore documents, IStampLookup stamps, IPageRedactions redactions, SearchTextIndex searchText,
    IOptions<AnnotationOptions> options, TimeProvider clock)
{
    private async Task<List<PageRecord>> PagesAsync(int entryId, CancellationToken cancellationToken)
    {
        await documents.GetDocumentAsync(entryId, cancellationToken);
        return await documents.ListPagesAsync(entryId, cancellationToken);
    }

    private async Task<PageRecord> PageAsync(int entryId, int pageNumber, CancellationToken cancellationToken)
    {
        var pages = await PagesAsync(entryId, cancellationToken);
        return pages.FirstOrDefault(p => p.PageNumber == pageNumber)
            ?? throw new ApiProblemException(ProblemCatalog.PageNotFound, $"Document {entryId} has no page {pageNumber} (it has {pages.Count}).");
    }

    private IQueryable<AnnotationRecord> WithoutContent => db.Set<AnnotationRecord>().AsNoTracking().Select(a => new AnnotationRecord
    {
        Id = a.Id, EntryId = a.EntryId, PageId = a.PageId, AnnotationType = a.AnnotationType, Creator = a.Creator, CreatedTime = a.CreatedTime,
        LastModifiedTime = a.LastModifiedTime, IsProtected = a.IsProtected, Visibility = a.Visibility, Comment = a.Comment, CustomData = a.CustomData,
        ZOrder = a.ZOrder, ReasonId = a.ReasonId, AccessType = a.AccessType, MembersJson = a.MembersJson, ContentType = a.ContentType,
        ContentFileName = a.ContentFileName, Content = null,
    });

    public async Task<List<JsonObject>> ListAsync(int entryId, int? pageNumber, AnnotationViewer viewer, CancellationToken cancellationToken)
    {
        var pages = await PagesAsync(entryId, cancellationToken);
        var numbers = pages.ToDictionary(p => p.Id, p => p.PageNumber);
        var query = WithoutContent.Where(a => a.EntryId == entryId);
        if (pageNumber is { } number)
        {
            var page = pages.FirstOrDefault(p => p.PageNumber == number)
                ?? throw new ApiProblemException(ProblemCatalog.PageNotFound, $"Document {entryId} has no page {number} (it has {pages.Count}).");
            query = query.Where(a => a.PageId == page.Id);
        }
        var rows = await query.ToListAsync(cancellationToken);
        var lengths = await LengthsAsync(rows.Select(r => r.Id).ToList(), cancellationToken);
        return [.. rows.Where(r => numbers.ContainsKey(r.PageId))
            .OrderBy(r => numbers[r.PageId]).ThenBy(r => r.ZOrder).ThenBy(r => r.Id)
            .Select(r => ToWire(r, numbers[r.PageId], lengths.GetValueOrDefault(r.Id), viewer))];
    }

    private async Task<Dictionary<int, long>> LengthsAsync(List<int> ids, CancellationToken cancellationToken) =>
        await db.Set<AnnotationRecord>().AsNoTracking().Where(a => ids.Contains(a.Id) && a.Content != null)
            .Select(a => new { a.Id, Length = (long)a.Content!.Length }).ToDictionaryAsync(a => a.Id, a => a.Length, cancellationToken);

    private async Task<(AnnotationRecord Row, PageRecord Page)> FindAsync(int entryId, int pageNumber, int itemId, bool tracked, CancellationToken cancellationToken)
    {
        var page = await PageAsync(entryId, pageNumber, cancellationToken);
        var set = tracked ? db.Set<AnnotationRecord>() : WithoutContent;
        var row = await set.FirstOrDefaultAsync(a => a.Id == itemId && a.PageId == page.Id, cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.AnnotationNotFound, $"Page {pageNumber} of document {entryId} has no annotation {itemId}.");
        return (row, page);
    }

    public async Task<JsonObject> GetAsync(int entryId, int pageNumber, int itemId, AnnotationViewer viewer, CancellationToken cancellationToken)
    {
        var (row, _) = await FindAsync(entryId, pageNumber, itemId, tracked: false, cancellationToken);
        var lengths = await LengthsAsync([row.Id], cancellationToken);
        return ToWire(row, pageNumber, lengths.GetValueOrDefault(row.Id), viewer);
    }

    public async Task<JsonObject> CreateAsync(int entryId, int pageNumber, JsonObject? body, AnnotationViewer viewer, CancellationToken cancellationToken)
    {
        var page = await PageAsync(entryId, pageNumber, cancellationToken);
        var type = TypeOf(body);
        var now = clock.GetUtcNow().UtcDateTime;
        var row = new AnnotationRecord
        {
            EntryId = entryId, PageId = page.Id, AnnotationType = type, Creator = viewer.Sid ?? viewer.UserName, CreatedTime = now, LastModifiedTime = now,
        };
        var members = new JsonObject();
        foreach (var spec in AnnotationTypes.Members[type])
        {
            members[spec.Name] = spec.Default?.DeepClone();
        }
        await ApplyAsync(row, members, body!, page, viewer, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await RefreshSearchTextAsync(row, page, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToWire(row, pageNumber, 0, viewer);
    }

    public async Task<JsonObject> UpdateAsync(int entryId, int pageNumber, int itemId, JsonObject? body, AnnotationViewer viewer, CancellationToken cancellationToken)
    {
        var (row, page) = await FindAsync(entryId, pageNumber, itemId, tracked: true, cancellationToken);
        var type = TypeOf(body);
        if (type != row.AnnotationType)
        {
            throw new ApiProblemException(ProblemCatalog.AnnotationTypeMismatch,
                $"Annotation {itemId} is a {row.AnnotationType} annotation; the request's annotationType is {type}.");
        }
        var members = JsonNode.Parse(row.MembersJson)!.AsObject();
        await ApplyAsync(row, members, body!, page, viewer, cancellationToken);
        row.LastModifiedTime = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await RefreshSearchTextAsync(row, page, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToWire(row, pageNumber, row.Content?.LongLength ?? 0, viewer);
    }

    public async Task DeleteAsync(int entryId, int pageNumber, int itemId, CancellationToken cancellationToken)
    {
        var (row, page) = await FindAsync(entryId, pageNumber, itemId, tracked: false, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<AnnotationRecord>().Where(a => a.Id == row.Id).ExecuteDeleteAsync(cancellationToken);
        await RefreshSearchTextAsync(row, page, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// After a redaction changed, in the change's transaction: search sees the page's text with every redacted span
    /// blanked out, or the whole text again when no redaction covers any of it.
    /// </summary>
    private async Task RefreshSearchTextAsync(AnnotationRecord changed, PageRecord page, CancellationToken cancellationToken)
    {
        if (changed.AnnotationType != "Redaction")
        {
            return;
        }
        var spans = await redactions.TextSpansAsync(page.Id, cancellationToken);
        var text = spans.Count > 0 && page.TextSha256 is { } sha && await searchText.ReadAsync(sha, cancellationToken) is { } pageText
            ? IPageRedactions.Cover(pageText, spans, ' ')
            : null;
        await SearchTextIndex.SetPageTextAsync(db, page.Id, text, cancellationToken);
    }

    /// <summary>Stores an attachment's file or a bitmap's image; the annotation must be of the matching type.</summary>
    public async Task UploadContentAsync(int entryId, int pageNumber, int itemId, string expectedType, IFormFile? file, CancellationToken cancellationToken)
    {
        var (row, _) = await FindAsync(entryId, pageNumber, itemId, tracked: true, cancellationToken);
        if (row.AnnotationType != expectedType)
        {
            throw new ApiProblemException(ProblemCatalog.AnnotationTypeMismatch,
                $"Annotation {itemId} is a {row.AnnotationType} annotation; only a{(expectedType == "Attachment" ? "n" : "")} {expectedType} annotation takes this upload.");
        }
        if (file is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFile, "The multipart form field 'file' is required.");
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        row.Content = buffer.ToArray();
        row.ContentType = string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType;
        row.ContentFileName = file.FileName;
        if (expectedType == "Attachment")
        {
            var members = JsonNode.Parse(row.MembersJson)!.AsObject();
            members["fileName"] ??= Path.GetFileName(file.FileName);
            members["mimeType"] = row.ContentType;
            row.MembersJson = members.ToJsonString();
        }
        row.LastModifiedTime = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<(byte[] Bytes, string ContentType, string? FileName)> AttachmentAsync(int entryId, int pageNumber, int itemId, CancellationToken cancellationToken)
    {
        var (row, _) = await FindAsync(entryId, pageNumber, itemId, tracked: false, cancellationToken);
        if (row.AnnotationType != "Attachment")
        {
            throw new ApiProblemException(ProblemCatalog.AnnotationTypeMismatch, $"Annotation {itemId} is a {row.AnnotationType} annotation, not an attachment.");
        }
        var content = await db.Set<AnnotationRecord>().AsNoTracking().Where(a => a.Id == row.Id).Select(a => a.Content).FirstAsync(cancellationToken)
            ?? throw new ApiProblemException(ProblemCatalog.AnnotationHasNoContent, $"Attachment annotation {itemId} has no file yet; upload it with UploadAnnotationAttachment.");
        var members = JsonNode.Parse(row.MembersJson)!.AsObject();
        return (content, members["mimeType"]?.GetValue<string>() ?? row.ContentType ?? "application/octet-stream", members["fileName"]?.GetValue<string>());
    }

    private static string TypeOf(JsonObject? body)
    {
        if (body is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidAnnotation, "The request body must be a JSON annotation object.");
        }
        var node = body["annotationType"];
        var name = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        return AnnotationTypes.Members.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ApiProblemException(ProblemCatalog.InvalidAnnotation,
                name is null ? $"annotationType is required: one of {AnnotationTypes.TypeNames}." : $"'{name}' is not an annotation type; use one of {AnnotationTypes.TypeNames}.");
    }

    private async Task ApplyAsync(AnnotationRecord row, JsonObject members, JsonObject body, PageRecord page, AnnotationViewer viewer, CancellationToken cancellationToken)
    {
        var type = row.AnnotationType;
        var specs = AnnotationTypes.Members[type];
        foreach (var (name, value) in body)
        {
            if (AnnotationTypes.CommonReadOnly.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            if (specs.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)) is { } spec)
            {
                members[spec.Name] = AnnotationTypes.Validate(type, spec, value);
                continue;
            }
            switch (name.ToLowerInvariant())
            {
                case "isprotected":
                    row.IsProtected = AnnotationTypes.Validate(type, new("isProtected", MemberKind.Bool, false), value)!.GetValue<bool>();
                    break;
                case "visibility":
                    row.Visibility = AnnotationTypes.Validate(type, new("visibility", MemberKind.Choice, null, AnnotationTypes.Visibilities), value)!.GetValue<string>();
                    break;
                case "accesstype":
                    row.AccessType = AnnotationTypes.Validate(type, new("accessType", MemberKind.Choice, null, AnnotationTypes.AccessTypes), value)!.GetValue<string>();
                    break;
                case "comment":
                    row.Comment = AnnotationTypes.Validate(type, new("comment", MemberKind.Text, null), value)?.GetValue<string>();
                    break;
                case "customdata":
                    row.CustomData = AnnotationTypes.Validate(type, new("customData", MemberKind.Text, null), value)?.GetValue<string>();
                    break;
                case "zorder":
                    row.ZOrder = AnnotationTypes.Validate(type, new("zOrder", MemberKind.Int, 0), value)!.GetValue<int>();
                    break;
                case "reasonid":
                    row.ReasonId = value is null ? null : AnnotationTypes.Validate(type, new("reasonId", MemberKind.Int, 0), value)!.GetValue<int>();
                    break;
                default:
                    throw AnnotationTypes.Bad(type, name, $"is not a member of a {type} annotation; its members are {string.Join(", ", AnnotationTypes.CommonWritable.Concat(specs.Select(s => s.Name)))}");
            }
        }
        CheckGeometry(type, members, page);
        var start = members["textStart"]?.GetValue<int>();
        var end = members["textEnd"]?.GetValue<int>();
        if (start is { } s && end is { } e && (s == -1) != (e == -1) || start >= 0 && end < start)
        {
            throw AnnotationTypes.Bad(type, "textEnd", $"must be -1 with textStart -1, or not before textStart ({start})");
        }
        if (type == "Redaction" && row.ReasonId is null && options.Value.RequireRedactionReason)
        {
            throw new ApiProblemException(ProblemCatalog.AnnotationReasonRequired,
                "This repository requires a reason for every redaction: give reasonId (ListAnnotationReasons lists them).");
        }
        if (row.ReasonId is { } reasonId && !await db.Set<AnnotationReasonRecord>().AnyAsync(r => r.Id == reasonId, cancellationToken))
        {
            throw new ApiProblemException(ProblemCatalog.UnknownAnnotationReason, $"reasonId {reasonId} names no annotation reason; ListAnnotationReasons lists them.");
        }
        if (type == "Stamp" && members["stampId"]?.GetValue<int>() is { } stampId && stampId != 0
            && !await stamps.ExistsAsync(stampId, viewer.UserName, cancellationToken))
        {
            throw new ApiProblemException(ProblemCatalog.UnknownStamp, $"stampId {stampId} names no stamp the user may place.");
        }
        row.MembersJson = members.ToJsonString();
        row.Text = members["text"]?.GetValue<string>();
        row.Color = (members["color"] ?? members["fillColor"] ?? members["borderColor"])?.GetValue<string>();
        row.StampId = type == "Stamp" ? members["stampId"]?.GetValue<int>() : null;
    }

    /// <summary>Every point and rectangle must lie on the page (image pixels from its top-left corner).</summary>
    private static void CheckGeometry(string type, JsonObject members, PageRecord page)
    {
        if (page.Width <= 0 || page.Height <= 0)
        {
            return;
        }
        void Inside(string member, JsonObject shape)
        {
            var x = shape["x"]?.GetValue<int>() ?? 0;
            var y = shape["y"]?.GetValue<int>() ?? 0;
            var right = x + (shape["width"]?.GetValue<int>() ?? 0);
            var bottom = y + (shape["height"]?.GetValue<int>() ?? 0);
            if (right > page.Width || bottom > page.Height)
            {
                throw new ApiProblemException(ProblemCatalog.AnnotationOutsidePage,
                    $"{type} annotation: '{member}' reaches ({right}, {bottom}), outside page {page.PageNumber} ({page.Width} x {page.Height} pixels).");
            }
        }
        foreach (var (name, value) in members)
        {
            if (name == "size")
            {
                continue;
            }
            switch (value)
            {
                case JsonObject shape when shape.ContainsKey("x"):
                    Inside(name, shape);
                    break;
                case JsonArray items:
                    for (var i = 0; i < items.Count; i++)
                    {
                        Inside($"{name}[{i}]", items[i]!.AsObject());
                    }
                    break;
            }
        }
    }

    /// <summary>The wire shape; a redaction's comment, custom data and text span are kept from callers who cannot see through redactions.</summary>
    public static JsonObject ToWire(AnnotationRecord row, int pageNumber, long contentLength, AnnotationViewer viewer)
    {
        var hidden = row.AnnotationType == "Redaction" && !viewer.SeesThroughRedactions;
        var wire = new JsonObject
        {
            ["annotationType"] = row.AnnotationType,
            ["itemId"] = row.Id,
            ["entryId"] = row.EntryId,
            ["pageNumber"] = pageNumber,
            ["creator"] = row.Creator,
            ["createdTime"] = DateTime.SpecifyKind(row.CreatedTime, DateTimeKind.Utc),
            ["lastModifiedTime"] = DateTime.SpecifyKind(row.LastModifiedTime, DateTimeKind.Utc),
            ["isReadOnly"] = false,
            ["isProtected"] = row.IsProtected,
            ["visibility"] = row.Visibility,
            ["comment"] = hidden ? null : row.Comment,
            ["customData"] = hidden ? null : row.CustomData,
            ["zOrder"] = row.ZOrder,
            ["reasonId"] = row.ReasonId,
            ["accessType"] = row.AccessType,
        };
        foreach (var (name, value) in JsonNode.Parse(row.MembersJson)!.AsObject())
        {
            wire[name] = hidden && name is "textStart" or "textEnd" ? -1 : value?.DeepClone();
        }
        if (row.AnnotationType == "Attachment")
        {
            wire["attachmentLength"] = contentLength;
        }
        return wire;
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
