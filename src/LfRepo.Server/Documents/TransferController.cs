using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Documents;

/// <summary>
/// The two endpoints LfRepo adds to the API, standing in for the cloud's storage: the upload URLs of chunked
/// imports and the download links of exports. Both are anonymous, like pre-signed URLs; their ids are unguessable.
/// </summary>
[ApiController]
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
[Route("lfrepo")]
public sealed class TransferController(UploadStore uploads, DownloadLinks links) : ControllerBase
{
    /// <summary>Stores one part of a chunked upload and answers with its ETag.</summary>
    [HttpPut("uploads/{uploadId}/{partNumber:int}")]
    [DisableRequestSizeLimit]
    public async Task<IActionResult> UploadPart(string uploadId, int partNumber, CancellationToken cancellationToken)
    {
        var session = uploads.Find(uploadId);
        if (session is null || !uploads.TryTakeUrl(session, partNumber, out var expires))
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
            session.UrlExpiry.TryAdd(partNumber, expires);
            throw;
        }
        Response.Headers.ETag = etag;
        return Ok();
    }

    /// <summary>Sends an exported file once; afterwards, or after the link expired, a bare 404.</summary>
    [HttpGet("downloads/{token}")]
    public IActionResult Download(string token)
    {
        var file = links.Take(token);
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
