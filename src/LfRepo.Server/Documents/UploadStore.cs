using System.Collections.Concurrent;
using System.Security.Cryptography;
using LfRepo.Server.Problems;
using LfRepo.Server.Storage;
using Microsoft.Extensions.Options;

namespace LfRepo.Server.Documents;

/// <summary>One chunked upload: the file it will become and the parts written so far.</summary>
public sealed class UploadSession(string id, string fileName, string mimeType, string folder)
{
    public string Id { get; } = id;

    public string FileName { get; } = fileName;

    public string MimeType { get; } = mimeType;

    public string Folder { get; } = folder;

    /// <summary>Part number → when its URL expires (UTC ticks).</summary>
    public ConcurrentDictionary<int, long> UrlExpiry { get; } = new();

    /// <summary>When the last URL issued expires (UTC ticks); used URLs leave <see cref="UrlExpiry"/>.</summary>
    public long LastUrlExpiry { get; set; }

    /// <summary>Part number → the ETag its upload answered with.</summary>
    public ConcurrentDictionary<int, string> ETags { get; } = new();

    public string PartPath(int partNumber) => Path.Combine(Folder, partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// Chunked uploads in the manner of S3 multipart uploads: CreateMultipartUploadUrls hands out URLs of this
/// server's upload endpoint, each PUT stores a part in the data folder and answers with its ETag, and
/// ImportUploadedParts assembles the parts into the content store. Sessions live in memory.
/// </summary>
public sealed class UploadStore
{
    public const int MaxUrlsPerCall = 100;
    public const int MaxParts = 1000;
    private readonly ConcurrentDictionary<string, UploadSession> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly IOptions<DocumentOptions> _options;

    public UploadStore(StoreConnection store, TimeProvider clock, IOptions<DocumentOptions> options)
    {
        _clock = clock;
        _options = options;
        Root = Path.Combine(store.DataDirectory, "uploads");
        // Sessions live in memory: parts a previous run left behind belong to no session.
        TransientFolder.Clear(Root);
    }

    private string Root { get; }

    /// <summary>Issues URLs for parts startingPartNumber … +numberOfParts−1; a new session when no uploadId is given.</summary>
    public (UploadSession Session, List<int> Parts) CreateUrls(CreateMultipartUploadUrlsRequest request)
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
        RemoveAbandoned();
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
            _sessions[id] = session;
        }
        else
        {
            session = Find(request.UploadId) ?? throw new ApiProblemException(ProblemCatalog.UploadNotFound, $"No upload with id '{request.UploadId}' exists.");
        }
        var expires = _clock.GetUtcNow().UtcTicks + TimeSpan.FromMinutes(_options.Value.LinkLifetimeMinutes).Ticks;
        var parts = Enumerable.Range(request.StartingPartNumber, count).ToList();
        foreach (var part in parts)
        {
            session.UrlExpiry[part] = expires;
        }
        session.LastUrlExpiry = expires;
        return (session, parts);
    }

    public UploadSession? Find(string uploadId) => _sessions.GetValueOrDefault(uploadId);

    /// <summary>
    /// Takes the URL of this part for one upload, if it was issued, has not expired and was not used: like a
    /// pre-signed URL consumed by its PUT, a second PUT to it is refused. A failed upload gives the URL back.
    /// </summary>
    public bool TryTakeUrl(UploadSession session, int partNumber, out long expires) =>
        session.UrlExpiry.TryRemove(partNumber, out expires) && expires > _clock.GetUtcNow().UtcTicks;

    /// <summary>Streams a part to disk; its ETag is the quoted SHA-256 of its bytes. Past the part size limit, 413.</summary>
    public async Task<string> WritePartAsync(UploadSession session, int partNumber, Stream body, CancellationToken cancellationToken)
    {
        var temporary = session.PartPath(partNumber) + "." + Guid.NewGuid().ToString("N");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var limit = _options.Value.MaxPartBytes;
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
        File.Move(temporary, session.PartPath(partNumber), overwrite: true);
        var etag = "\"" + Convert.ToHexStringLower(hash.GetHashAndReset()) + "\"";
        session.ETags[partNumber] = etag;
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
        long total = 0;
        for (var i = 0; i < partETags.Count; i++)
        {
            var number = i + 1;
            if (!session.ETags.TryGetValue(number, out var etag) || !File.Exists(session.PartPath(number)))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidUpload, $"Part {number} of upload '{session.Id}' was never uploaded.");
            }
            if (Unquote(etag) != Unquote(partETags[i]))
            {
                throw new ApiProblemException(ProblemCatalog.InvalidUpload, $"The ETag given for part {number} ({partETags[i]}) does not match the uploaded part ({etag}).");
            }
            var length = new FileInfo(session.PartPath(number)).Length;
            if (number < partETags.Count && length < _options.Value.MinPartBytes)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidUpload,
                    $"Part {number} has {length} bytes; every part but the last must have at least {_options.Value.MinPartBytes} bytes.");
            }
            total += length;
        }
        if (total > _options.Value.MaxUploadBytes)
        {
            throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"The uploaded file has {total} bytes; the limit is {_options.Value.MaxUploadBytes}.");
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
    public void Remove(UploadSession session)
    {
        _sessions.TryRemove(session.Id, out _);
        try
        {
            Directory.Delete(session.Folder, recursive: true);
        }
        catch (IOException)
        {
            // A part still being written; the data folder's uploads are disposable.
        }
    }

    /// <summary>Forgets sessions whose every URL expired a link lifetime ago: nobody can finish them any more.</summary>
    private void RemoveAbandoned()
    {
        var cutoff = _clock.GetUtcNow().UtcTicks - TimeSpan.FromMinutes(_options.Value.LinkLifetimeMinutes).Ticks;
        foreach (var session in _sessions.Values)
        {
            if (session.LastUrlExpiry < cutoff)
            {
                Remove(session);
            }
        }
    }

    private static string Unquote(string etag) => etag.Trim().Trim('"');
}
