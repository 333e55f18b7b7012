using System.Data.Common;
using System.Text;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Entries;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Documents;

/// <summary>The content of new pages as a request brings it: image files and texts, paired by index.</summary>
public sealed record PagesContent(IReadOnlyList<IncomingFile> ImageFiles, IReadOnlyList<string?> TextPages);

/// <summary>
/// Page edits of a document: create, replace, write, move, copy and rotate pages. Each edit computes the new page
/// list from the current one, then writes it in one transaction, after checking the Page extent of the document's
/// lock. A page whose text changes gets a new row, so the search index (which only ever indexes new page rows)
/// sees the new text; moved pages keep their rows and only their numbers change. What other features keep per page
/// row (annotations) moves to a page's new row and is copied with a copied page (<see cref="IPageDependents"/>).
/// </summary>
public sealed class PageEditor(
    DocumentStore documents,
    DocumentLocks locks,
    ContentStore content,
    ImportService imports,
    TextRecognizer ocr,
    PageRasterizer rasterizer,
    EntryReader reader,
    EntryCache cache,
    IEnumerable<IPageDependents> dependents,
    TimeProvider clock)
{
    public const int MaxCopiedPages = 500;

    /// <summary>Inserts pages at <paramref name="pageNumber"/> (appends without one); one empty page when the content is empty.</summary>
    public async Task<EntryRecord> CreatePagesAsync(int entryId, int? pageNumber, bool generateText, PagesContent request, string user, CancellationToken cancellationToken)
    {
        var staged = new List<StagedContent>();
        try
        {
            var before = await PrepareAsync(entryId, user, cancellationToken);
            var at = pageNumber ?? before.Count + 1;
            if (at < 1 || at > before.Count + 1)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"pageNumber {at} is not valid: the document has {before.Count} page(s); give 1 to {before.Count + 1}.");
            }
            var added = await NewPagesAsync("CreatePages", request, generateText, staged, cancellationToken);
            if (added.Count == 0)
            {
                added.Add(new NewPage(null, "", 0, 0, 0, null));
            }
            var after = before.Take(at - 1).Concat(added.Select(ToRecord)).Concat(before.Skip(at - 1)).ToList();
            return await CommitAsync(entryId, user, before, after, staged, cancellationToken);
        }
        finally
        {
            Dispose(staged);
        }
    }

    /// <summary>Replaces every page with the pages of the request, which must bring at least one image or text page.</summary>
    public async Task<EntryRecord> ReplacePagesAsync(int entryId, bool generateText, PagesContent request, string user, CancellationToken cancellationToken)
    {
        if (request.ImageFiles.Count == 0 && request.TextPages.Count == 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                "ReplacePages needs at least one of imageFiles or request.textPages; to delete all pages, use DeletePages.");
        }
        var staged = new List<StagedContent>();
        try
        {
            var before = await PrepareAsync(entryId, user, cancellationToken);
            var added = await NewPagesAsync("ReplacePages", request, generateText, staged, cancellationToken);
            return await CommitAsync(entryId, user, before, [.. added.Select(ToRecord)], staged, cancellationToken);
        }
        finally
        {
            Dispose(staged);
        }
    }

    /// <summary>Overwrites the image and/or the text of one page; the part not given stays.</summary>
    public async Task<EntryRecord> WritePageAsync(int entryId, int pageNumber, IncomingFile? imageFile, string? text, bool generateText, string user, CancellationToken cancellationToken)
    {
        if (imageFile is null && text is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "WritePage needs imageFile, or request with text, or both.");
        }
        var staged = new List<StagedContent>();
        try
        {
            var before = await PrepareAsync(entryId, user, cancellationToken);
            var page = PageOf(entryId, before, pageNumber);
            var written = Copy(page);
            if (imageFile is not null)
            {
                var images = await imports.ImageFilePagesAsync(imageFile, staged, cancellationToken);
                if (images is not [{ ImageSha256: not null } image])
                {
                    throw new ApiProblemException(ProblemCatalog.InvalidFile, $"imageFile must be an image of one page; '{imageFile.FileName}' has {images.Count}.");
                }
                (written.ImageSha256, written.ImageFormat, written.ImageFrame, written.Width, written.Height) = (image.ImageSha256, image.ImageFormat, image.ImageFrame, image.Width, image.Height);
            }
            if (generateText && written.ImageSha256 is not null)
            {
                var recognized = await ocr.RecognizeAsync("WritePage", written, cancellationToken, staged);
                staged.AddIfNotNull(recognized);
                written.TextSha256 = recognized?.Sha256;
            }
            else if (text is not null)
            {
                written.TextSha256 = (await StageTextAsync(text, staged, cancellationToken))?.Sha256;
            }
            var after = before.Select(p => p.PageNumber == pageNumber ? written : p).ToList();
            return await CommitAsync(entryId, user, before, after, staged, cancellationToken);
        }
        finally
        {
            Dispose(staged);
        }
    }

    /// <summary>Moves the pages of <paramref name="pageRange"/> (in document order) before the page now at <paramref name="destinationPageNumber"/>.</summary>
    public async Task<EntryRecord> MovePagesAsync(int entryId, string? pageRange, int destinationPageNumber, string user, CancellationToken cancellationToken)
    {
        var before = await PrepareAsync(entryId, user, cancellationToken);
        var moved = PageRange.SelectExisting(pageRange, before.Count).ToHashSet();
        RequireDestination(destinationPageNumber, before.Count);
        var staying = before.Where(p => !moved.Contains(p.PageNumber)).ToList();
        var at = staying.Count(p => p.PageNumber < destinationPageNumber);
        var after = staying.Take(at).Concat(before.Where(p => moved.Contains(p.PageNumber))).Concat(staying.Skip(at)).ToList();
        return await CommitAsync(entryId, user, before, after, [], cancellationToken);
    }

    /// <summary>Copies pages of one document into another (or the same) before <paramref name="destinationPageNumber"/>; answers with the destination.</summary>
    public async Task<EntryRecord> CopyPagesAsync(int entryId, string? pageRange, int destinationEntryId, int destinationPageNumber, string user, CancellationToken cancellationToken)
    {
        await documents.GetDocumentAsync(entryId, cancellationToken);
        var source = await documents.ListPagesAsync(entryId, cancellationToken);
        var copied = PageRange.SelectExisting(pageRange, source.Count);
        if (copied.Count > MaxCopiedPages)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"The page range '{pageRange}' names {copied.Count} pages; at most {MaxCopiedPages} can be copied at once.");
        }
        var before = await PrepareAsync(destinationEntryId, user, cancellationToken);
        RequireDestination(destinationPageNumber, before.Count);
        var copiedFrom = new Dictionary<PageRecord, int>(ReferenceEqualityComparer.Instance);
        var copies = copied.Select(n =>
        {
            var copy = Copy(source[n - 1]);
            copiedFrom[copy] = copy.Id;
            copy.Id = 0;
            return copy;
        }).ToList();
        var after = before.Take(destinationPageNumber - 1).Concat(copies).Concat(before.Skip(destinationPageNumber - 1)).ToList();
        return await CommitAsync(destinationEntryId, user, before, after, [], cancellationToken, copiedFrom: copiedFrom);
    }

    /// <summary>Turns the page's image clockwise by 0, 90, 180 or 270 degrees; it is stored again as PNG.</summary>
    public async Task<EntryRecord> RotateImagePageAsync(int entryId, int pageNumber, int rotationAngle, string user, CancellationToken cancellationToken)
    {
        if (rotationAngle is not (0 or 90 or 180 or 270))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"rotationAngle {rotationAngle} is not valid: give 0, 90, 180 or 270.");
        }
        var staged = new List<StagedContent>();
        try
        {
            var before = await PrepareAsync(entryId, user, cancellationToken);
            var page = PageOf(entryId, before, pageNumber);
            if (page.ImageSha256 is null)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"Page {pageNumber} of document {entryId} is a text page; it has no image to rotate.");
            }
            if (rotationAngle == 0)
            {
                return await reader.GetAsync(entryId, cancellationToken);
            }
            Raster raster;
            try
            {
                raster = rasterizer.Decode(page, cancellationToken);
            }
            catch (UnsupportedImageException ex)
            {
                throw new ApiProblemException(ProblemCatalog.NotImplemented, $"RotateImagePage: page {pageNumber} cannot be rotated: {ex.Message}.");
            }
            catch (Exception ex) when (ex is InvalidImageException or InvalidDataException or EndOfStreamException)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidFile, $"The image of page {pageNumber} cannot be read to rotate it: {ex.Message}");
            }
            var turned = PageCanvas.Rotate(raster, rotationAngle);
            var writer = content.CreateWriter();
            StagedContent image;
            try
            {
                ImageFiles.EncodePng(turned, writer);
                image = await writer.FinishAsync(cancellationToken);
            }
            finally
            {
                await writer.DisposeAsync();
            }
            staged.Add(image);
            var rotated = Copy(page);
            (rotated.ImageSha256, rotated.ImageFormat, rotated.ImageFrame, rotated.Width, rotated.Height) = (image.Sha256, "png", 0, turned.Width, turned.Height);
            var after = before.Select(p => p.PageNumber == pageNumber ? rotated : p).ToList();
            return await CommitAsync(entryId, user, before, after, staged, cancellationToken, alsoWrite: async (connection, transaction) =>
            {
                foreach (var dependent in dependents)
                {
                    await dependent.RotatedAsync(connection, transaction, page.Id, rotationAngle, page.Width, page.Height, cancellationToken);
                }
            });
        }
        finally
        {
            Dispose(staged);
        }
    }

    /// <summary>
    /// Sets the text of pages (GenerateText): <paramref name="texts"/> by 1-based page number, adding text-only pages
    /// when a number is past the end.
    /// </summary>
    public async Task<EntryRecord> SetTextsAsync(int entryId, IReadOnlyDictionary<int, StagedContent?> texts, List<StagedContent> staged, string user, CancellationToken cancellationToken)
    {
        var before = await PrepareAsync(entryId, user, cancellationToken);
        var count = Math.Max(before.Count, texts.Count == 0 ? 0 : texts.Keys.Max());
        var after = Enumerable.Range(1, count).Select(n =>
        {
            var page = n <= before.Count ? Copy(before[n - 1]) : ToRecord(new NewPage(null, "", 0, 0, 0, null));
            if (texts.TryGetValue(n, out var text))
            {
                page.TextSha256 = text?.Sha256;
            }
            return page;
        }).ToList();
        return await CommitAsync(entryId, user, before, after, staged, cancellationToken);
    }

    /// <summary>Checks the document and its lock, and reads its pages.</summary>
    public async Task<List<PageRecord>> PrepareAsync(int entryId, string user, CancellationToken cancellationToken)
    {
        await documents.GetDocumentAsync(entryId, cancellationToken);
        await locks.RequireWritableAsync(entryId, LockExtent.Page, user, cancellationToken);
        return await documents.ListPagesAsync(entryId, cancellationToken);
    }

    /// <summary>The pages a request brings: image file i's first page carries text i; with generateText, OCR gives the text instead.</summary>
    public async Task<List<NewPage>> NewPagesAsync(string operationId, PagesContent request, bool generateText, List<StagedContent> staged, CancellationToken cancellationToken)
    {
        var ocrImages = generateText && request.ImageFiles.Count > 0;
        if (ocrImages)
        {
            TextRecognizer.Require(operationId);
        }
        var pages = new List<NewPage>();
        for (var i = 0; i < Math.Max(request.ImageFiles.Count, request.TextPages.Count); i++)
        {
            var images = i < request.ImageFiles.Count ? await imports.ImageFilePagesAsync(request.ImageFiles[i], staged, cancellationToken) : [];
            var first = images.Count > 0 ? images[0] : new NewPage(null, "", 0, 0, 0, null);
            if (!ocrImages && i < request.TextPages.Count && request.TextPages[i] is { } text)
            {
                first = first with { TextSha256 = (await StageTextAsync(text, staged, cancellationToken))?.Sha256 };
            }
            pages.Add(first);
            pages.AddRange(images.Skip(1));
        }
        if (ocrImages)
        {
            for (var i = 0; i < pages.Count; i++)
            {
                if (pages[i].ImageSha256 is not null)
                {
                    var recognized = await ocr.RecognizeAsync(operationId, ToRecord(pages[i]), cancellationToken, staged);
                    staged.AddIfNotNull(recognized);
                    pages[i] = pages[i] with { TextSha256 = recognized?.Sha256 };
                }
            }
        }
        return pages;
    }

    /// <summary>
    /// Writes <paramref name="after"/> as the document's pages, in one transaction with the staged content, the page
    /// count, <paramref name="alsoWrite"/> (an edoc, metadata) and the version of a document under version control but
    /// not checked out; the lock is checked again for <paramref name="extents"/> (Page when not given). The document's pages must
    /// still be <paramref name="before"/>: an edit made meanwhile answers 409 rather than being lost. New pages in
    /// <paramref name="copiedFrom"/> are copies of the page rows it names.
    /// </summary>
    public async Task<EntryRecord> CommitAsync(
        int entryId, string user, List<PageRecord> before, List<PageRecord> after, IEnumerable<StagedContent> staged, CancellationToken cancellationToken,
        IReadOnlyList<LockExtent>? extents = null, Func<DbConnection, DbTransaction, Task>? alsoWrite = null,
        IReadOnlyDictionary<PageRecord, int>? copiedFrom = null)
    {
        await content.CommitAsync(staged, async (connection, transaction) =>
        {
            var state = await DocumentLocks.FindAsync(connection, transaction, entryId, cancellationToken);
            foreach (var extent in extents ?? [LockExtent.Page])
            {
                DocumentLocks.RequireWritable(entryId, state, extent, user);
            }
            var current = await PageIdsAsync(connection, transaction, entryId, cancellationToken);
            if (!current.SequenceEqual(before.Select(p => p.Id)))
            {
                throw new ApiProblemException(ProblemCatalog.DocumentChanged, $"The pages of document {entryId} changed while the request ran; send it again.");
            }
            await WritePagesAsync(connection, transaction, entryId, before, after, copiedFrom, cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "UPDATE Entries SET PageCount = @count, LastModifiedTicks = @now WHERE Id = @entry";
                command.AddWithValue("@entry", entryId);
                command.AddWithValue("@count", after.Count);
                command.AddWithValue("@now", clock.GetUtcNow().UtcTicks);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            if (alsoWrite is not null)
            {
                await alsoWrite(connection, transaction);
            }
            await VersionControl.RecordChangeAsync(connection, transaction, entryId, user, clock.GetUtcNow().UtcTicks, cancellationToken);
            return 0;
        }, cancellationToken);
        cache.Invalidate();
        // Not the request's token: once the change is committed, the blobs it freed go even if the client left.
        await content.CollectAsync(CancellationToken.None);
        return await reader.GetAsync(entryId, cancellationToken);
    }

    /// <summary>
    /// Writes the new page list: kept rows are renumbered, new rows inserted, then what the replaced and copied rows
    /// carried follows them, and only then are the rows no longer used deleted (which deletes what they still carry).
    /// </summary>
    private async Task WritePagesAsync(
        DbConnection connection, DbTransaction transaction, int entryId, List<PageRecord> before, List<PageRecord> after,
        IReadOnlyDictionary<PageRecord, int>? copiedFrom, CancellationToken cancellationToken)
    {
        var textBefore = before.ToDictionary(p => p.Id, p => p.TextSha256);
        // A kept row keeps its text; a page whose text changed is a new row.
        var kept = after.Where(p => p.Id != 0 && textBefore.TryGetValue(p.Id, out var text) && text == p.TextSha256).Select(p => p.Id).ToHashSet();
        var follows = new List<PageFollow>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.AddWithValue("@entry", entryId);
        var id = command.AddParameter("@id");
        var number = command.AddParameter("@number");
        var image = command.AddParameter("@image");
        var format = command.AddParameter("@format");
        var frame = command.AddParameter("@frame");
        var width = command.AddParameter("@width");
        var height = command.AddParameter("@height");
        var text = command.AddParameter("@text");
        for (var i = 0; i < after.Count; i++)
        {
            var page = after[i];
            var keep = kept.Contains(page.Id);
            command.CommandText = keep
                ? "UPDATE Pages SET PageNumber = @number, ImageSha256 = @image, ImageFormat = @format, ImageFrame = @frame, Width = @width, Height = @height WHERE Id = @id"
                : """
                  INSERT INTO Pages (EntryId, PageNumber, ImageSha256, ImageFormat, ImageFrame, Width, Height, TextSha256)
                  VALUES (@entry, @number, @image, @format, @frame, @width, @height, @text)
                  RETURNING Id
                  """;
            id.Value = page.Id;
            number.Value = i + 1;
            image.Value = (object?)page.ImageSha256 ?? DBNull.Value;
            format.Value = page.ImageFormat;
            frame.Value = page.ImageFrame;
            width.Value = page.Width;
            height.Value = page.Height;
            text.Value = (object?)page.TextSha256 ?? DBNull.Value;
            if (keep)
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
                continue;
            }
            var newId = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
            if (page.Id != 0 && textBefore.ContainsKey(page.Id))
            {
                follows.Add(new PageFollow(page.Id, newId, entryId, PageChange.TextReplaced));
            }
            else if (copiedFrom is not null && copiedFrom.TryGetValue(page, out var source))
            {
                follows.Add(new PageFollow(source, newId, entryId, PageChange.Copied));
            }
        }
        if (follows.Count > 0)
        {
            foreach (var dependent in dependents)
            {
                await dependent.FollowAsync(connection, transaction, follows, cancellationToken);
            }
        }
        command.CommandText = "DELETE FROM Pages WHERE Id = @id";
        foreach (var page in before.Where(page => !kept.Contains(page.Id)))
        {
            id.Value = page.Id;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<List<int>> PageIdsAsync(DbConnection connection, DbTransaction transaction, int entryId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT Id FROM Pages WHERE EntryId = @entry ORDER BY PageNumber";
        command.AddWithValue("@entry", entryId);
        var ids = new List<int>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            ids.Add(rows.GetInt32(0));
        }
        return ids;
    }

    /// <summary>Stages a page text; an empty text is no text.</summary>
    private async Task<StagedContent?> StageTextAsync(string text, List<StagedContent> staged, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            return null;
        }
        var done = await content.StageAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), long.MaxValue, cancellationToken);
        staged.Add(done);
        return done;
    }

    private static PageRecord PageOf(int entryId, List<PageRecord> pages, int pageNumber) =>
        pageNumber >= 1 && pageNumber <= pages.Count
            ? pages[pageNumber - 1]
            : throw new ApiProblemException(ProblemCatalog.PageNotFound, $"Document {entryId} has {pages.Count} page(s); there is no page {pageNumber}.");

    private static void RequireDestination(int destinationPageNumber, int pageCount)
    {
        if (destinationPageNumber < 1 || destinationPageNumber > pageCount + 1)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"destinationPageNumber {destinationPageNumber} is not valid: the destination has {pageCount} page(s); give 1 to {pageCount + 1}.");
        }
    }

    public static PageRecord ToRecord(NewPage page) => new()
    {
        ImageSha256 = page.ImageSha256,
        ImageFormat = page.ImageFormat,
        ImageFrame = page.ImageFrame,
        Width = page.Width,
        Height = page.Height,
        TextSha256 = page.TextSha256,
    };

    private static PageRecord Copy(PageRecord page) => new()
    {
        Id = page.Id,
        EntryId = page.EntryId,
        PageNumber = page.PageNumber,
        ImageSha256 = page.ImageSha256,
        ImageFormat = page.ImageFormat,
        ImageFrame = page.ImageFrame,
        Width = page.Width,
        Height = page.Height,
        TextSha256 = page.TextSha256,
    };

    private static void Dispose(List<StagedContent> staged)
    {
        foreach (var item in staged)
        {
            item.Dispose();
        }
    }
}

internal static class StagedListExtensions
{
    public static void AddIfNotNull(this List<StagedContent> staged, StagedContent? item)
    {
        if (item is not null)
        {
            staged.Add(item);
        }
    }
}
