using System.Text.Json;
using LfRepo.Server.Tasks;

namespace LfRepo.Server.Documents;

/// <summary>What a queued chunked import needs to run.</summary>
public sealed record ImportUploadedPartsTaskRequest(string RepositoryId, int FolderId, bool AutoCreateFolderPath, StartImportUploadedPartsRequest Request);

/// <summary>What a queued export needs to run.</summary>
public sealed record ExportTaskRequest(int EntryId, string? PageRange, ExportEntryRequest Request);

/// <summary>StartImportUploadedParts's work: assemble the parts, import them; the result is the new entry.</summary>
public sealed class ImportUploadedPartsTask(UploadStore uploads, ContentStore content, ImportService imports) : ITaskHandler
{
    public OperationType Type => OperationType.ImportUploadedParts;

    public async Task<TaskOutcome> RunAsync(TaskRecord task, TaskContext context)
    {
        var work = JsonSerializer.Deserialize<ImportUploadedPartsTaskRequest>(task.RequestJson)!;
        var request = work.Request;
        var session = await uploads.FindAsync(request.UploadId!, context.CancellationToken)
            ?? throw new Problems.ApiProblemException(Problems.ProblemCatalog.UploadNotFound, $"No upload with id '{request.UploadId}' exists (uploads are forgotten once imported).");
        using var file = await uploads.AssembleAsync(session, request.PartETags!, content, context.CancellationToken);
        await context.ReportProgressAsync(1, 2);
        var entry = await imports.ImportAsync(
            work.FolderId, work.AutoCreateFolderPath, request, new IncomingFile(file, session.FileName, session.MimeType), [], task.UserName, context.CancellationToken);
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
