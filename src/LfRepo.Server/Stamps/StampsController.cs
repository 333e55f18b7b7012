using LfRepo.Server.Api;
using LfRepo.Server.Documents;
using LfRepo.Server.OData;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Stamps;

[ApiController]
[Tags("Stamps")]
[Route("v2/Repositories/{repositoryId}/Stamps")]
public sealed class StampsController(StampCatalog stamps) : ControllerBase
{
    private static readonly ListingShape Listing = StampWire.Shape.Listing(nameof(ListStamps), defaultPageSize: int.MaxValue) with
    {
        Options = ["$select", "$orderby", "$count"],
    };

    /// <summary>Returns the stamps of <c>scope</c> (Public, the default; Personal: the caller's own; All: both), without their images.</summary>
    [HttpGet]
    [ProducesResponseType<Stamp[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> ListStamps(string repositoryId, [FromQuery] string? scope, CancellationToken cancellationToken)
    {
        var query = ListQueryParser.Parse(Listing, Request.Query, null);
        var all = await stamps.ListAsync(this.UserName(), ParseScope(scope), cancellationToken);
        var (rows, _, _) = StampWire.Shape.Page(all, query);
        return new JsonBodyResult(w =>
        {
            w.WriteStartArray();
            foreach (var stamp in rows)
            {
                StampWire.Shape.Write(w, stamp, query.Select);
            }
            w.WriteEndArray();
        });
    }

    /// <summary>Adds a stamp: the image as the multipart form field <c>file</c>, <c>name</c> and <c>isPublic</c> as query parameters or form fields.</summary>
    /// <remarks>A public stamp needs the ManageStamps privilege; a personal stamp none. The image is kept as grayscale PNG.</remarks>
    [HttpPost]
    [ProducesResponseType<Stamp>(StatusCodes.Status200OK)]
    public async Task<IActionResult> CreateStamp(string repositoryId, [FromQuery] string? name, [FromQuery] string? isPublic, CancellationToken cancellationToken)
    {
        if (!Request.HasFormContentType)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"CreateStamp takes multipart/form-data with the image as 'file', not '{Request.ContentType}'.");
        }
        IFormCollection form;
        try
        {
            form = await Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw MultipartForm.Malformed(ex.Message);
        }
        var file = form.Files.GetFile("file");
        var publicText = isPublic ?? (string?)form["isPublic"];
        var makePublic = publicText is null ? false
            : bool.TryParse(publicText, out var flag) ? flag
            : throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"isPublic '{publicText}' is not true or false.");
        await using var image = file?.OpenReadStream();
        var stamp = await stamps.CreateAsync(this.UserName(), name ?? form["name"], makePublic, image, file?.Length, cancellationToken);
        return new JsonBodyResult(w => StampWire.Shape.Write(w, stamp, null));
    }

    /// <summary>Returns a stamp the caller can see: a public one, or one of the caller's personal stamps.</summary>
    [HttpGet("{stampId:int}")]
    [ProducesResponseType<Stamp>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetStamp(string repositoryId, int stampId, CancellationToken cancellationToken)
    {
        var select = ListQueryParser.Parse(StampWire.Shape.Single(nameof(GetStamp)), Request.Query, null).Select;
        var stamp = await stamps.GetAsync(this.UserName(), stampId, cancellationToken);
        return new JsonBodyResult(w => StampWire.Shape.Write(w, stamp, select));
    }

    /// <summary>Renames a stamp or changes its custom data; a public stamp needs the ManageStamps privilege.</summary>
    [HttpPatch("{stampId:int}")]
    [Consumes("application/json")]
    [ProducesResponseType<Stamp>(StatusCodes.Status200OK)]
    public async Task<IActionResult> UpdateStamp(string repositoryId, int stampId, [FromBody] UpdateStampRequest? request, CancellationToken cancellationToken)
    {
        var stamp = await stamps.UpdateAsync(this.UserName(), stampId, request, cancellationToken);
        return new JsonBodyResult(w => StampWire.Shape.Write(w, stamp, null));
    }

    /// <summary>Deletes a stamp; a public stamp needs the ManageStamps privilege.</summary>
    [HttpDelete("{stampId:int}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> DeleteStamp(string repositoryId, int stampId, CancellationToken cancellationToken)
    {
        await stamps.DeleteAsync(this.UserName(), stampId, cancellationToken);
        return NoContent();
    }

    /// <summary>The image of a public stamp as PNG; <c>color</c> (#RRGGBB) turns black into the colour and white transparent.</summary>
    [HttpGet("{stampId:int}/Image")]
    [Produces("application/octet-stream")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetStampImage(string repositoryId, int stampId, [FromQuery] string? color, CancellationToken cancellationToken)
    {
        ListQueryParser.Parse(StampWire.Shape.Single(nameof(GetStampImage)), Request.Query, null);
        return File(await stamps.ImageAsync(stampId, color, cancellationToken), "image/png");
    }

    private static StampScope ParseScope(string? scope) => scope switch
    {
        null or "" => StampScope.Public,
        _ when int.TryParse(scope, out var number) && Enum.IsDefined((StampScope)number) => (StampScope)number,
        _ when !int.TryParse(scope, out _) && Enum.TryParse<StampScope>(scope, ignoreCase: true, out var named) => named,
        _ => throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"scope '{scope}' is not a StampScope; use 0 (Public), 1 (Personal) or 2 (All)."),
    };
}
