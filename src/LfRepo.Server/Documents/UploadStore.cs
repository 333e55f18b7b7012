using System.Security.Cryptography;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Documents;

/// <summary>One chunked upload: the file it will become and the folder of its parts.</summary>
public sealed class UploadSession(string id, string fileName, string mimeType, string folder)
{
    public string Id { get; } = id;

    public string FileName { get; } = fileName;

    public string MimeType { get; } = mimeType;

    public string Folder { get; } = folder;

    public string PartPath(int partNumber) => Path.Combine(Folder, partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// Chunked uploads in the manner of S3 multipart uploads: CreateMultipartUploadUrls hands out URLs of this
/// server's upload endpoint, each PUT stores a part in the data folder and answers with its ETag, and
/// ImportUploadedParts assembles the parts into the content store. Sessions, their parts' URL expiry and ETags
/// are rows of the store (<see cref="UploadSessionRecord"/>, <see cref="UploadPartRecord"/>): an upload survives
/// a restart and can go to any server process on the data folder.
/// </summary>
public sealed class UploadStore(StoreConnection store, IServiceScopeFactory scopes, TimeProvider clock, IOptions<DocumentOptions> options)
{
    public const int MaxUrlsPerCall = 100;
    public const int MaxParts = 1000;

    private string Root { get; } = Path.Combine(store.DataDirectory, "uploads");

    /// <summary>Issues URLs for parts startingPartNumber … +numberOfParts−1; a new session when no uploadId is given.</summary>
    public async Task<(UploadSession Session, List<int> Parts)> CreateUrlsAsync(CreateMultipartUploadUrlsRequest request, CancellationToken cancellationToken)
    {
        if (request.NumberOfParts is not { } count || count < 1 || count > MaxUrlsPerCall)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"numberOfParts must be between 1 and {MaxUrlsPerCall}.");
        }
        if (request.StartingPartNumber < 1 || (long)request.StartingPartNumber + count > MaxParts + 1)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest,
                $"startingPartNumber must be at least 1 and startingPartNumber + numberOfParts at most {MaxParts + 1} (a file has at most {MaxParts} parts).");
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LfRepoDbContext>();
        await RemoveAbandonedAsync(db, cancellationToken);
        UploadSession session;
        if (string.IsNullOrEmpty(request.UploadId))
        {
            if (string.IsNullOrWhiteSpace(request.FileName) || string.IsNullOrWhiteSpace(request.MimeType))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "fileName and mimeType are required when starting an upload (no uploadId).");
            }
            var id = DownloadLinks.Base64Url(RandomNumberGenerator.GetBytes(24));
            session = new UploadSession(id, request.FileName, request.MimeType, Path.Combine(Root, id));
            Directory.CreateDirectory(session.Folder);
            db.Add(new UploadSessionRecord { Id = id, FileName = request.FileName, MimeType = request.MimeType });
        }
        else
        {
            session = await FindAsync(db, request.UploadId, cancellationToken)
                ?? throw new ApiProblemException(ProblemCatalog.UploadNotFound, $"No upload with id '{request.UploadId}' exists.");
        }
        var expires = clock.GetUtcNow().UtcTicks + TimeSpan.FromMinutes(options.Value.LinkLifetimeMinutes).Ticks;
        var parts = Enumerable.Range(request.StartingPartNumber, count).ToList();
        var last = parts[^1];
        var issued = await db.Set<UploadPartRecord>()
            .Where(p => p.UploadId == session.Id && p.PartNumber >= request.StartingPartNumber && p.PartNumber <= last)
            .ToDictionaryAsync(p => p.PartNumber, cancellationToken);
        foreach (var part in parts)
        {
            if (issued.TryGetValue(part, out var record))
            {
                // A URL issued again is a new single-use URL: the part is uploaded anew (unless an upload runs now).
                record.UrlExpiresTicks = expires;
                if (record.ETag != "")
                {
                    record.ETag = null;
                }
            }
            else
            {
                db.Add(new UploadPartRecord { UploadId = session.Id, PartNumber = part, UrlExpiresTicks = expires });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return (session, parts);
    }

    public async Task<UploadSession?> FindAsync(string uploadId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await FindAsync(scope.ServiceProvider.GetRequiredService<LfRepoDbContext>(), uploadId, cancellationToken);
    }

    private async Task<UploadSession?> FindAsync(LfRepoDbContext db, string uploadId, CancellationToken cancellationToken)
    {
        var record = await db.Set<UploadSessionRecord>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == uploadId, cancellationToken);
        return record is null ? null : new UploadSession(record.Id, record.FileName, record.MimeType, Path.Combine(Root, record.Id));
    }

    /// <summary>
    /// Takes the URL of this part for one upload, if it was issued, has not expired and was not used: like a
    /// pre-signed URL consumed by its PUT, a second PUT to it is refused. The part's ETag is set to "" while its
    /// upload runs; <see cref="GiveBackUrlAsync"/> undoes that when the upload fails.
    /// </summary>
    public async Task<bool> TryTakeUrlAsync(UploadSession session, int partNumber, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LfRepoDbContext>();
        var now = clock.GetUtcNow().UtcTicks;
        return await db.Set<UploadPartRecord>()
            .Where(p => p.UploadId == session.Id && p.PartNumber == partNumber && p.UrlExpiresTicks > now && p.ETag == null)
            .ExecuteUpdateAsync(p => p.SetProperty(r => r.ETag, ""), cancellationToken) == 1;
    }

    /// <summary>Makes the URL of a part whose upload failed usable again.</summary>
    public async Task GiveBackUrlAsync(UploadSession session, int partNumber, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LfRepoDbContext>().Set<UploadPartRecord>()
            .Where(p => p.UploadId == session.Id && p.PartNumber == partNumber && p.ETag == "")
            .ExecuteUpdateAsync(p => p.SetProperty(r => r.ETag, (string?)null), cancellationToken);
    }

    /// <summary>Streams a part to disk; its ETag is the quoted SHA-256 of its bytes. Past the part size limit, 413.</summary>
    public async Task<string> WritePartAsync(UploadSession session, int partNumber, Stream body, CancellationToken cancellationToken)
    {
        var temporary = session.PartPath(partNumber) + "." + Guid.NewGuid().ToString("N");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var limit = options.Value.MaxPartBytes;
        try
        {
            await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            var buffer = new byte[81920];
            long length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"Part {partNumber} is larger than the part size limit of {limit} bytes.");
                }
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        Directory.CreateDirectory(session.Folder);
        File.Move(temporary, session.PartPath(partNumber), overwrite: true);
        var etag = "\"" + Convert.ToHexStringLower(hash.GetHashAndReset()) + "\"";
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LfRepoDbContext>().Set<UploadPartRecord>()
            .Where(p => p.UploadId == session.Id && p.PartNumber == partNumber)
            .ExecuteUpdateAsync(p => p.SetProperty(r => r.ETag, etag), cancellationToken);
        return etag;
    }

    /// <summary>
    /// Concatenates parts 1…n (n = the number of ETags given) into the content store after checking each
    /// part exists, carries the ETag given for it, and — all but the last — is at least the minimum part size.
    /// </summary>
    public async Task<StagedContent> AssembleAsync(UploadSession session, IReadOnlyList<string> partETags, ContentStore content, CancellationToken cancellationToken)
    {
        if (partETags.Count is 0 or > MaxParts)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidUpload, $"partETags must list between 1 and {MaxParts} ETags, one per uploaded part in order.");
        }
        Dictionary<int, string?> etags;
        await using (var scope = scopes.CreateAsyncScope())
        {
            etags = await scope.ServiceProvider.GetRequiredService<LfRepoDbContext>().Set<UploadPartRecord>().AsNoTracking()
                .Where(p => p.UploadId == session.Id && p.ETag != null)
                .ToDictionaryAsync(p => p.PartNumber, p => p.ETag, cancellationToken);
        }
        long total = 0;
        for (var i = 0; i < partETags.Count; i++)
        {
            var number = i + 1;
            if (!etags.TryGetValue(number, out var etag) || etag is null || !File.Exists(session.PartPath(number)))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidUpload, $"Part {number} of upload '{session.Id}' was never uploaded.");
            }
            if (Unquote(etag) != Unquote(partETags[i]))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidUpload, $"The ETag given for part {number} ({partETags[i]}) does not match the uploaded part ({etag}).");
            }
            var length = new FileInfo(session.PartPath(number)).Length;
            if (number < partETags.Count && length < options.Value.MinPartBytes)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidUpload,
                    $"Part {number} has {length} bytes; every part but the last must have at least {options.Value.MinPartBytes} bytes.");
            }
            total += length;
        }
        if (total > options.Value.MaxUploadBytes)
        {
            throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"The uploaded file has {total} bytes; the limit is {options.Value.MaxUploadBytes}.");
        }
        await using var writer = content.CreateWriter();
        for (var number = 1; number <= partETags.Count; number++)
        {
            await using var part = new FileStream(session.PartPath(number), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await part.CopyToAsync(writer, cancellationToken);
        }
        return await writer.FinishAsync(cancellationToken);
    }

    /// <summary>Forgets a session and removes its parts.</summary>
    public async Task RemoveAsync(UploadSession session, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await RemoveAsync(scope.ServiceProvider.GetRequiredService<LfRepoDbContext>(), session.Id, cancellationToken);
    }

    private async Task RemoveAsync(LfRepoDbContext db, string uploadId, CancellationToken cancellationToken)
    {
        await db.Set<UploadPartRecord>().Where(p => p.UploadId == uploadId).ExecuteDeleteAsync(cancellationToken);
        await db.Set<UploadSessionRecord>().Where(s => s.Id == uploadId).ExecuteDeleteAsync(cancellationToken);
        try
        {
            Directory.Delete(Path.Combine(Root, uploadId), recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Already gone, or a part still being written; the data folder's uploads are disposable.
        }
    }

    /// <summary>Forgets sessions whose every URL expired a link lifetime ago: nobody can finish them any more.</summary>
    private async Task RemoveAbandonedAsync(LfRepoDbContext db, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcTicks - TimeSpan.FromMinutes(options.Value.LinkLifetimeMinutes).Ticks;
        var abandoned = await db.Set<UploadPartRecord>().AsNoTracking()
            .GroupBy(p => p.UploadId)
            .Where(g => g.Max(p => p.UrlExpiresTicks) < cutoff)
            .Select(g => g.Key)
            .ToListAsync(cancellationToken);
        foreach (var uploadId in abandoned)
        {
            await RemoveAsync(db, uploadId, cancellationToken);
        }
    }

    private static string Unquote(string etag) => etag.Trim().Trim('"');
}
