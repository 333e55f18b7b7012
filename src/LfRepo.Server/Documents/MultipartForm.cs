using System.Text.Json;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LfRepo.Server.Documents;

/// <summary>One part of a multipart body: its form name, its file name ("" when none) and its content.</summary>
public sealed record MultipartPart(string Name, string FileName, MultipartSection Section);

/// <summary>The one reader of streamed multipart bodies: the imports (v2 ImportEntry, v1 ImportDocument), UpdateDocument and the page edits.</summary>
public static class MultipartForm
{
    /// <summary>Largest <c>request</c> part of the imports (metadata only): 1 MiB.</summary>
    public const int MaxRequestPartBytes = 1024 * 1024;

    /// <summary>How many <c>imageFiles</c> one request may carry.</summary>
    public const int MaxImageFiles = 10;

    /// <summary>The multipart boundary of the request, or a 400 naming the operation.</summary>
    public static string Boundary(HttpRequest request, string operationId)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"{operationId} takes multipart/form-data, not '{request.ContentType}'.");
        }
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200)
        {
            throw Malformed("the Content-Type has no valid boundary");
        }
        return boundary;
    }

    /// <summary>
    /// Deserializes a <c>request</c> part as <typeparamref name="T"/> while it streams in: 413 once it passes
    /// <paramref name="maxBytes"/>, 400 when it is not valid JSON of that shape.
    /// </summary>
    public static async Task<T> ReadRequestAsync<T>(Stream body, long maxBytes, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await using var limited = new LimitedStream(body, maxBytes);
            return await JsonSerializer.DeserializeAsync<T>(limited, options, cancellationToken)
                ?? throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The multipart part 'request' is null.");
        }
        catch (JsonException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"The multipart part 'request' is not a valid {typeof(T).Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// Reads a form of a <c>request</c> part, a <c>file</c> and up to ten <c>imageFiles</c> (ImportEntry, UpdateDocument,
    /// CreatePages, ReplacePages): the files are staged in the content store within <see cref="FileFormRules.MaxFileBytes"/>
    /// together, other parts are skipped. The caller disposes the form, which drops the staged files.
    /// </summary>
    public static async Task<FileForm<T>> ReadFileFormAsync<T>(
        HttpRequest request, FileFormRules rules, ContentStore content, JsonSerializerOptions json, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > rules.MaxFileBytes + rules.MaxRequestBytes)
        {
            throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"The request has {request.ContentLength} bytes; {rules.SizeRule(rules.MaxFileBytes)}.");
        }
        var form = new FileForm<T>();
        try
        {
            await ReadPartsAsync(request, rules.OperationId, async part =>
            {
                switch (part.Name)
                {
                    case "request":
                        form.Request = await ReadRequestAsync<T>(part.Section.Body, rules.MaxRequestBytes, json, cancellationToken);
                        break;
                    case "file" when rules.TakesFile:
                    case "imageFiles":
                        if (part.Name == "imageFiles" && form.ImageFiles.Count == MaxImageFiles)
                        {
                            throw new ApiProblemException(rules.TooManyImageFiles, $"At most {MaxImageFiles} imageFiles can be {rules.Verb} at once.");
                        }
                        var incoming = new IncomingFile(await form.StageAsync(content, part.Section.Body, rules.MaxFileBytes, cancellationToken), part.FileName, part.Section.ContentType);
                        if (part.Name == "file")
                        {
                            form.File = incoming;
                        }
                        else
                        {
                            form.ImageFiles.Add(incoming);
                        }
                        break;
                    default:
                        await part.Section.Body.DrainAsync(cancellationToken);
                        break;
                }
            }, cancellationToken);
            return form;
        }
        catch
        {
            form.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Streams the parts of the request body (boundary checked for <paramref name="operationId"/>) to
    /// <paramref name="onPart"/>, which must read or drain each part; a body that is not well-formed multipart is a 400.
    /// </summary>
    public static async Task ReadPartsAsync(HttpRequest request, string operationId, Func<MultipartPart, Task> onPart, CancellationToken cancellationToken)
    {
        var multipart = new MultipartReader(Boundary(request, operationId), request.Body) { BodyLengthLimit = null };
        try
        {
            MultipartSection? section;
            while ((section = await multipart.ReadNextSectionAsync(cancellationToken)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    throw Malformed("a part has no Content-Disposition header");
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                await onPart(new MultipartPart(name, fileName, section));
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw Malformed(ex.Message);
        }
    }

    public static ApiProblemException Malformed(string why) =>
        new(ProblemCatalog.InvalidRequest, $"The multipart/form-data body is malformed: {why}.");
}

/// <summary>
/// What one operation's file form accepts: whether a <c>file</c> part is taken, the bytes of the files together and of
/// the <c>request</c> part, how the size rule and the imageFiles limit read in its problems.
/// </summary>
public sealed record FileFormRules(string OperationId, bool TakesFile, long MaxFileBytes, long MaxRequestBytes, Func<long, string> SizeRule, ProblemKind TooManyImageFiles, string Verb);

/// <summary>The parts of a file form; disposing it deletes the staged files.</summary>
public sealed class FileForm<T> : IDisposable
    where T : class
{
    private readonly List<StagedContent> _staged = [];

    public T? Request { get; internal set; }

    public IncomingFile? File { get; internal set; }

    public List<IncomingFile> ImageFiles { get; } = [];

    internal async Task<StagedContent> StageAsync(ContentStore content, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var staged = await content.StageAsync(body, maxBytes - _staged.Sum(s => s.Length), cancellationToken);
        _staged.Add(staged);
        return staged;
    }

    public void Dispose()
    {
        foreach (var item in _staged)
        {
            item.Dispose();
        }
        _staged.Clear();
    }
}

/// <summary>A read-only view of a stream that answers 413 once more than <paramref name="maxBytes"/> are read from it.</summary>
internal sealed class LimitedStream(Stream inner, long maxBytes) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        if (_read > maxBytes)
        {
            throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"The multipart part 'request' is larger than {maxBytes} bytes.");
        }
        return read;
    }
}
