using System.Text;
using System.Text.Json;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LfRepo.Server.Documents;

/// <summary>One part of a multipart body: its form name, its file name ("" when none) and its content.</summary>
public sealed record MultipartPart(string Name, string FileName, MultipartSection Section);

/// <summary>The pieces of a streamed multipart import (v2 ImportEntry, v1 ImportDocument) both versions share.</summary>
public static class MultipartForm
{
    /// <summary>Longest JSON text accepted in a <c>request</c> part.</summary>
    public const int MaxRequestPartChars = 1024 * 1024;

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

    /// <summary>The <c>request</c> part as <typeparamref name="T"/>, or a 400 saying why not.</summary>
    public static T ParseRequest<T>(string text, JsonSerializerOptions options)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, options)
                ?? throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The multipart part 'request' is null.");
        }
        catch (JsonException ex)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"The multipart part 'request' is not a valid {typeof(T).Name}: {ex.Message}");
        }
    }

    /// <summary>Reads a text part, refusing one longer than <see cref="MaxRequestPartChars"/> with a 413.</summary>
    public static async Task<string> ReadTextAsync(Stream body, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxRequestPartChars + 1];
        var read = await text.ReadBlockAsync(buffer, cancellationToken);
        if (read > MaxRequestPartChars)
        {
            throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"The multipart part 'request' is longer than {MaxRequestPartChars} characters.");
        }
        return new string(buffer, 0, read);
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
