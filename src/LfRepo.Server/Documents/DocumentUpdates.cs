using System.Data.Common;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Entries;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Documents;

/// <summary>
/// UpdateDocument (and its chunked form) and GenerateText: changes to an existing document's edoc, pages and
/// metadata, each applied in one transaction, so a document under version control gets one version per call.
/// </summary>
public sealed class DocumentUpdates(DocumentStore documents, DocumentLocks locks, PageEditor pages, ImportService imports, MetadataService metadata, ContentStore content, TextRecognizer ocr)
{
    /// <summary>
    /// Replaces the edoc with <paramref name="file"/> or appends it as pages (ImportEntry's rules), appends
    /// <paramref name="imageFiles"/> as pages and adds the request's metadata (fields given replace those fields'
    /// values; tags and links are added) — all or nothing.
    /// </summary>
    public async Task<EntryRecord> UpdateAsync(
        string operationId, int entryId, UpdateDocumentRequest request, IncomingFile? file, IReadOnlyList<IncomingFile> imageFiles, string user, CancellationToken cancellationToken)
    {
        var hasMetadata = request.Metadata is { IsEmpty: false };
        if (file is null && imageFiles.Count == 0 && !hasMetadata)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"{operationId} needs at least one of file, imageFiles or request.metadata.");
        }
        if (file is { Content.Length: 0 })
        {
            throw new ApiProblemException(ProblemCatalog.InvalidFile,
                $"'{file.FileName}' is empty; a zero-byte file cannot replace the electronic document (DeleteElectronicDocument removes it).");
        }
        var fileAsPages = file is not null && ImportService.IsPageFile(file.FileName) && !request.ImportAsElectronicDocument;
        if (fileAsPages && imageFiles.Count > 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"'{file!.FileName}' would become image pages, so imageFiles cannot come with it; set importAsElectronicDocument to make it the electronic document.");
        }
        await documents.GetDocumentAsync(entryId, cancellationToken);
        var extents = new List<LockExtent>();
        if (file is not null && !fileAsPages)
        {
            extents.Add(LockExtent.Edoc);
        }
        if (fileAsPages || imageFiles.Count > 0 || request.PdfOptions is { GeneratePages: true } or { GenerateText: true })
        {
            extents.Add(LockExtent.Page);
        }
        if (hasMetadata)
        {
            extents.Add(LockExtent.Metadata);
        }
        foreach (var extent in extents)
        {
            await locks.RequireWritableAsync(entryId, extent, user, cancellationToken);
        }
        var m = request.Metadata;
        await using var hold = hasMetadata ? await metadata.HoldDefinitionsAsync(cancellationToken) : null;
        var prepared = hasMetadata ? await metadata.PrepareUpdateAsync(entryId, m!.TemplateName, m.Fields, m.Tags, m.Links, cancellationToken) : null;

        var staged = new List<StagedContent>();
        try
        {
            var imported = await imports.ContentOfAsync(file, [], request.ImportAsElectronicDocument, request.PdfOptions, staged, cancellationToken);
            var added = new List<NewPage>(imported.Pages);
            foreach (var image in imageFiles)
            {
                var imagePages = await imports.ImageFilePagesAsync(image, staged, cancellationToken);
                added.AddRange(request.GenerateImagePagesText && TextRecognizer.IsAvailable ? await RecognizeAsync(operationId, imagePages, staged, cancellationToken) : imagePages);
            }
            var before = await documents.ListPagesAsync(entryId, cancellationToken);
            var after = before.Concat(added.Select(PageEditor.ToRecord)).ToList();
            return await pages.CommitAsync(entryId, user, before, after, staged, cancellationToken, extents, async (connection, transaction) =>
            {
                if (imported.Edoc is { } edoc)
                {
                    await ReplaceEdocAsync(connection, transaction, entryId, edoc, imported.Extension, imported.MimeType, cancellationToken);
                }
                if (prepared is not null)
                {
                    await metadata.WriteUpdateAsync(connection, transaction, entryId, prepared, cancellationToken);
                }
            });
        }
        finally
        {
            foreach (var item in staged)
            {
                item.Dispose();
            }
        }
    }

    /// <summary>
    /// Generates the text of the document's pages: from the PDF edoc's embedded text (read by PdfPig), else from its image
    /// pages by OCR (tesseract); 501 naming the tool when it is needed and not installed. A document with neither
    /// keeps its text as it is.
    /// </summary>
    public async Task<EntryRecord> GenerateTextAsync(int entryId, string user, CancellationToken cancellationToken)
    {
        const string operationId = "GenerateText";
        var entry = await documents.GetDocumentAsync(entryId, cancellationToken);
        var current = await pages.PrepareAsync(entryId, user, cancellationToken);
        var staged = new List<StagedContent>();
        try
        {
            var texts = new Dictionary<int, StagedContent?>();
            if (await documents.FindEdocAsync(entryId, cancellationToken) is { } edoc && IsPdf(edoc.Sha256))
            {
                int pageCount;
                using (var stream = content.OpenRead(edoc.Sha256))
                {
                    try
                    {
                        pageCount = PdfFiles.PageSizes(stream).Count;
                    }
                    catch (UnreadablePdfException ex)
                    {
                        throw new ApiProblemException(ProblemCatalog.InvalidFile, $"{operationId}: the electronic document of '{entry.Name}' cannot be read as a PDF: {ex.Message}");
                    }
                }
                var shas = await imports.PdfTextAsync(content.PathOf(edoc.Sha256), entry.Name, pageCount, staged, cancellationToken);
                var bySha = staged.Where(s => s.Sha256 is not null).DistinctBy(s => s.Sha256).ToDictionary(s => s.Sha256);
                for (var i = 0; i < shas.Count; i++)
                {
                    texts[i + 1] = shas[i] is { } sha ? bySha[sha] : null;
                }
            }
            else if (current.Any(p => p.ImageSha256 is not null))
            {
                foreach (var page in current.Where(p => p.ImageSha256 is not null))
                {
                    var text = await ocr.RecognizeAsync(operationId, page, cancellationToken);
                    staged.AddIfNotNull(text);
                    texts[page.PageNumber] = text;
                }
            }
            else
            {
                return entry;
            }
            return await pages.SetTextsAsync(entryId, texts, staged, user, cancellationToken);
        }
        finally
        {
            foreach (var item in staged)
            {
                item.Dispose();
            }
        }
    }

    private bool IsPdf(string sha256)
    {
        using var stream = content.OpenRead(sha256);
        return PdfFiles.IsPdf(stream);
    }

    private async Task<List<NewPage>> RecognizeAsync(string operationId, List<NewPage> imagePages, List<StagedContent> staged, CancellationToken cancellationToken)
    {
        var result = new List<NewPage>();
        foreach (var page in imagePages)
        {
            var text = page.ImageSha256 is null ? null : await ocr.RecognizeAsync(operationId, PageEditor.ToRecord(page), cancellationToken, staged);
            staged.AddIfNotNull(text);
            result.Add(text is null ? page : page with { TextSha256 = text.Sha256 });
        }
        return result;
    }

    private static async Task ReplaceEdocAsync(
        DbConnection connection, DbTransaction transaction, int entryId, StagedContent edoc, string extension, string mimeType, CancellationToken cancellationToken)
    {
        await DocumentStore.InsertEdocAsync(connection, transaction, entryId, edoc.Sha256, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE Entries SET ElectronicDocumentSize = @size, IsElectronicDocument = 1, MimeType = @mime, Extension = @extension WHERE Id = @entry";
        command.AddWithValue("@entry", entryId);
        command.AddWithValue("@size", edoc.Length);
        command.AddWithValue("@mime", mimeType);
        command.AddWithValue("@extension", extension);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
