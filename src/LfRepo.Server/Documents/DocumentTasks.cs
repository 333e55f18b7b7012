using System.Text.Json;
using LfRepo.Server.Tasks;

namespace LfRepo.Server.Documents;

/// <summary>
/// What a queued chunked import needs to run: a new document in <c>FolderId</c> (StartImportUploadedParts), or, with
/// <c>Update</c>, an update of document <c>FolderId</c> (UpdateDocumentUploadedParts, which the wire reports as an
/// ImportUploadedParts task: the spec's TaskType has no other name for it).
/// </summary>
public sealed record ImportUploadedPartsTaskRequest(
    string RepositoryId, int FolderId, bool AutoCreateFolderPath, StartImportUploadedPartsRequest? Request, UpdateDocumentUploadedPartsRequest? Update = null);

/// <summary>What a queued export needs to run.</summary>
public sealed record ExportTaskRequest(int EntryId, string? PageRange, ExportEntryRequest Request);

/// <summary>StartImportUploadedParts's and UpdateDocumentUploadedParts's work: assemble the parts, import or apply them; the result is the entry.</summary>
public sealed class ImportUploadedPartsTask(UploadStore uploads, ContentStore content, ImportService imports, DocumentUpdates updates) : ITaskHandler
{
    public OperationType Type => OperationType.ImportUploadedParts;

    public async Task<TaskOutcome> RunAsync(TaskRecord task, TaskContext context)
    {
        var work = JsonSerializer.Deserialize<ImportUploadedPartsTaskRequest>(task.RequestJson)!;
        var (uploadId, partETags) = work.Update is { } update ? (update.UploadId, update.PartETags) : (work.Request!.UploadId, work.Request.PartETags);
        var session = await uploads.FindAsync(uploadId!, context.CancellationToken)
            ?? throw new Problems.ApiProblemException(Problems.ProblemCatalog.UploadNotFound, $"No upload with id '{uploadId}' exists (uploads are forgotten once imported).");
        using var file = await uploads.AssembleAsync(session, partETags!, content, context.CancellationToken);
        await context.ReportProgressAsync(1, 2);
        var incoming = new IncomingFile(file, session.FileName, session.MimeType);
        var entry = work.Update is not null
            ? await updates.UpdateAsync("UpdateDocumentUploadedParts", work.FolderId, work.Update, incoming, [], task.UserName, context.CancellationToken)
            : await imports.ImportAsync(work.FolderId, work.AutoCreateFolderPath, work.Request!, incoming, [], task.UserName, context.CancellationToken);
        await uploads.RemoveAsync(session, CancellationToken.None);
        return new TaskOutcome(entry.Id, $"{task.BaseUrl}/v2/Repositories/{Uri.EscapeDataString(work.RepositoryId)}/Entries/{entry.Id}");
    }
}

/// <summary>StartExportEntry's work: the export; the result uri is the download link.</summary>
public sealed class ExportEntryTask(ExportService exports) : ITaskHandler
{
    public OperationType Type => OperationType.ExportEntry;

    public async Task<TaskOutcome> RunAsync(TaskRecord task, TaskContext context)
    {
        var work = JsonSerializer.Deserialize<ExportTaskRequest>(task.RequestJson)!;
        var token = await exports.ExportAsync(work.EntryId, work.Request, work.PageRange, task.UserName, context.CancellationToken);
        return new TaskOutcome(work.EntryId, DocumentsController.DownloadUri(task.BaseUrl, token));
    }
}
