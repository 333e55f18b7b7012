using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using LfRepo.Server.Security;

namespace LfRepo.Server.Documents;

/// <summary>
/// The two endpoints LfRepo adds to the API, standing in for the cloud's storage: the upload URLs of chunked
/// imports and the download links of exports. Both are anonymous, like pre-signed URLs; their ids are unguessable.
/// </summary>
[ApiController]
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
[Route("lfrepo")]
public sealed class TransferController(UploadStore uploads, DownloadLinks links, UserDirectory directory, EntryAccess access) : ControllerBase
{
    /// <summary>Stores one part of a chunked upload and answers with its ETag.</summary>
    [HttpPut("uploads/{uploadId}/{partNumber:int}")]
    [DisableRequestSizeLimit]
    public async Task<IActionResult> UploadPart(string uploadId, int partNumber, CancellationToken cancellationToken)
    {
        var session = await uploads.FindAsync(uploadId, cancellationToken);
        if (session is null || !await uploads.TryTakeUrlAsync(session, partNumber, cancellationToken))
        {
            throw new ApiProblemException(ProblemCatalog.UploadNotFound, $"The upload URL for part {partNumber} of upload '{uploadId}' does not exist, has expired or was used.");
        }
        string etag;
        try
        {
            etag = await uploads.WritePartAsync(session, partNumber, Request.Body, cancellationToken);
        }
        catch
        {
            await uploads.GiveBackUrlAsync(session, partNumber, CancellationToken.None);
            throw;
        }
        Response.Headers.ETag = etag;
        return Ok();
    }

    /// <summary>
    /// Sends an exported file once; afterwards, after the link expired, or once its user is disabled or no longer
    /// may read the entry, a bare 404.
    /// </summary>
    [HttpGet("downloads/{token}")]
    public async Task<IActionResult> Download(string token, CancellationToken cancellationToken)
    {
        var file = await links.TakeAsync(token, cancellationToken);
        if (file is not null && (directory.FindByName(file.UserName) is not { IsDisabled: false }
            || (await access.RightsAsync(access.Principal(file.UserName), file.EntryId, cancellationToken) is not { } rights || !rights.HasFlag(EntryRight.Read))))
        {
            DownloadLinks.Discard(file);
            file = null;
        }
        if (file is null)
        {
            if (HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            return NotFound();
        }
        var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        return File(stream, file.ContentType, file.FileName);
    }
}
