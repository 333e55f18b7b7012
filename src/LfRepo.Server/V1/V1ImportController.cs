using System.Security.Claims;
using LfRepo.Server.Documents;
using LfRepo.Server.Api;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using LfRepo.Server.Security;

namespace LfRepo.Server.V1;

/// <summary>The multipart part 'request' of v1 ImportDocument.</summary>
public sealed record PostEntryWithEdocMetadataRequest
{
    public string? Template { get; init; }

    public PutFieldValsRequest? Metadata { get; init; }

    public string? VolumeName { get; init; }
}

public sealed record PutFieldValsRequest
{
    public Dictionary<string, V1FieldToUpdate?>? Fields { get; init; }

    public List<string?>? Tags { get; init; }

    public List<V1LinkToUpdate?>? Links { get; init; }
}

public sealed record V1LinkToUpdate
{
    public int? LinkTypeId { get; init; }

    public int? OtherSourceId { get; init; }

    public bool IsSource { get; init; } = true;
}

/// <summary>v1 ImportDocument: the file becomes the electronic document, through the ImportService v2 uses.</summary>
[ApiController]
[Tags("Entries")]
public sealed class V1ImportController(ImportService imports, ContentStore content, IOptions<DocumentOptions> options, IOptions<JsonOptions> json) : ControllerBase
{

    /// <summary>Creates a new document in the specified folder with file (multipart parts electronicDocument and request).</summary>
    /// <remarks>
    /// Partial success as the v1 spec describes it: a template or fields that cannot be set are left out and
    /// reported in the setTemplate and setFields exceptions, the document is created with its electronic document
    /// and the other metadata, and the answer is a 409 whose body is the CreateEntryResult. Bad tags or links, and
    /// a document that cannot be created at all, are a plain ProblemDetails and nothing is created.
    /// </remarks>
    /// <param name="repoId">The requested repository ID.</param>
    /// <param name="parentEntryId">The folder the document is created in.</param>
    /// <param name="fileName">The name of the new document.</param>
    /// <param name="autoRename">Rename the document when the name is taken.</param>
    /// <param name="culture">The language tag field values are read in.</param>
    /// <param name="metadata">Checks each metadata part on its own.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpPost("v1/Repositories/{repoId}/Entries/{parentEntryId:int}/{fileName}")]
    [EntryRight(EntryRight.CreateDocument)]
    [DisableRequestSizeLimit]
    [DisableFormBinding]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> ImportDocument(
        string repoId, int parentEntryId, string fileName, [FromQuery] bool autoRename, [FromQuery] string? culture, [FromServices] MetadataService metadata,
        CancellationToken cancellationToken)
    {
        FieldValues.Culture(culture);
        var limit = options.Value.MaxImportBytes;
        if (Request.ContentLength > limit + MultipartForm.MaxRequestPartBytes)
        {
            throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"The request has {Request.ContentLength} bytes; files up to {limit} bytes can be imported.");
        }
        PostEntryWithEdocMetadataRequest? request = null;
        StagedContent? staged = null;
        try
        {
            IncomingFile? file = null;
            await MultipartForm.ReadPartsAsync(Request, "ImportDocument", async part =>
            {
                if (part.Name == "request")
                {
                    request = await MultipartForm.ReadRequestAsync<PostEntryWithEdocMetadataRequest>(part.Section.Body, MultipartForm.MaxRequestPartBytes, json.Value.JsonSerializerOptions, cancellationToken);
                }
                else if (part.Name == "electronicDocument" && staged is null)
                {
                    staged = await content.StageAsync(part.Section.Body, limit, cancellationToken);
                    file = new IncomingFile(staged, string.IsNullOrEmpty(part.FileName) ? fileName : part.FileName, part.Section.ContentType);
                }
                else
                {
                    await part.Section.Body.DrainAsync(cancellationToken);
                }
            }, cancellationToken);
            if (file is null)
            {
                throw new ApiProblemException(ProblemCatalog.InvalidRequest, "The multipart part 'electronicDocument' (the file to import) is missing.");
            }

            var fields = V1EntryMetadataController.ToFields(request?.Metadata?.Fields);
            var tags = request?.Metadata?.Tags;
            var links = request?.Metadata?.Links?.Select(l => l is null ? null : new LinkToUpdate { LinkDefinitionId = l.LinkTypeId, OtherEntryId = l.OtherSourceId, IsSource = l.IsSource }).ToList();
            var template = request?.Template;
            var templateProblem = await CheckAsync(() => metadata.PrepareNewEntryAsync(template, fields, null, null, cancellationToken));
            if (templateProblem is not null)
            {
                (template, fields) = (null, null);
            }
            var import = new ImportEntryRequest
            {
                Name = fileName,
                AutoRename = autoRename,
                ImportAsElectronicDocument = true,
                VolumeName = request?.VolumeName,
                Metadata = new ImportEntryRequestMetadata { TemplateName = template, Fields = fields, Tags = tags, Links = links },
            };
            var entry = await imports.ImportAsync(parentEntryId, false, import, file, [], User.FindFirstValue(ClaimTypes.Name) ?? "", cancellationToken);
            var documentLink = V1Names.EntryUri(Request, repoId, entry.Id);
            var operationId = RequestId.Get(HttpContext);
            var partial = templateProblem is not null;
            return new JsonBodyResult(w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("operations");
                WriteOperation(w, "entryCreate", null, operationId, () => w.WriteNumber("entryId", entry.Id));
                WriteOperation(w, "setEdoc", null, operationId, null);
                WriteOperation(w, "setTemplate", templateProblem, operationId, () => w.WriteString("template", string.IsNullOrEmpty(entry.TemplateName) ? null : entry.TemplateName));
                WriteOperation(w, "setFields", templateProblem, operationId, () => w.WriteNumber("fieldCount", fields?.Count ?? 0));
                WriteOperation(w, "setTags", null, operationId, () =>
                {
                    w.WriteStartArray("assignedTags");
                    foreach (var tag in tags ?? [])
                    {
                        w.WriteStringValue(tag);
                    }
                    w.WriteEndArray();
                });
                WriteOperation(w, "setLinks", null, operationId, () =>
                {
                    w.WriteStartArray("otherEntryIds");
                    foreach (var link in links ?? [])
                    {
                        if (link?.OtherEntryId is { } other)
                        {
                            w.WriteNumberValue(other);
                        }
                    }
                    w.WriteEndArray();
                });
                w.WriteEndObject();
                w.WriteString("documentLink", documentLink);
                w.WriteEndObject();
            }, partial ? StatusCodes.Status409Conflict : StatusCodes.Status201Created, documentLink);
        }
        finally
        {
            staged?.Dispose();
        }
    }

    /// <summary>The problem a metadata part would raise, or null when it can be set.</summary>
    private static async Task<ApiProblemException?> CheckAsync(Func<Task> prepare)
    {
        try
        {
            await prepare();
            return null;
        }
        catch (ApiProblemException problem)
        {
            return problem;
        }
    }

    /// <summary>One operation of a CreateEntryResult; a part that could not be set carries its APIServerException.</summary>
    private static void WriteOperation(System.Text.Json.Utf8JsonWriter w, string name, ApiProblemException? problem, string operationId, Action? members)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("exceptions");
        if (problem is not null)
        {
            w.WriteStartObject();
            w.WriteString("operationId", operationId);
            w.WriteString("message", problem.Detail ?? problem.Kind.Title);
            w.WriteNumber("errorCode", problem.Kind.ErrorCode);
            w.WriteString("errorClass", problem.Kind.Title);
            w.WriteNumber("statusCode", problem.Kind.Status);
            w.WriteString("errorSource", "LfRepo");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        members?.Invoke();
        w.WriteEndObject();
    }
}
