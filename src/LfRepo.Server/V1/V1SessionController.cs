using LfRepo.Server.Api;
using LfRepo.Server.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.V1;

/// <summary>
/// The deprecated v1 ServerSession operations. LfRepo keeps no server sessions behind access tokens, so these
/// answer as documented without changing anything: the access token stays valid after Invalidate.
/// </summary>
[ApiController]
[Tags("ServerSession")]
[Route("v1/Repositories/{repoId}/ServerSession")]
public sealed class V1SessionController(TimeProvider clock) : ControllerBase
{
    /// <summary>Deprecated. Invalidates the server session.</summary>
    [HttpPost("Invalidate")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult InvalidateServerSession(string repoId) => new JsonBodyResult(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("value", true);
        w.WriteEndObject();
    });

    /// <summary>Deprecated. Refreshes the session associated with the access token.</summary>
    /// <remarks>Answers the time an hour from now, the idle timeout the spec describes.</remarks>
    [HttpPost("Refresh")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult RefreshServerSession(string repoId)
    {
        var expires = clock.GetUtcNow().UtcDateTime.AddHours(1);
        return new JsonBodyResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("value", expires);
            w.WriteEndObject();
        });
    }

    /// <summary>Deprecated. This function is a no-op, always returns 200.</summary>
    [HttpPost("Create")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult CreateServerSession(string repoId) => new JsonBodyResult(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("value", true);
        w.WriteEndObject();
    });
}

/// <summary>v1 audit reasons: the catalogue's, grouped by the event they are for.</summary>
[ApiController]
[Tags("AuditReasons")]
[Route("v1/Repositories/{repoId}/AuditReasons")]
public sealed class V1AuditReasonsController(MetadataCatalog catalog) : ControllerBase
{
    /// <summary>Returns the audit reasons associated with the authenticated user.</summary>
    [HttpGet]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult GetAuditReasons(string repoId) => new JsonBodyResult(w =>
    {
        w.WriteStartObject();
        foreach (var (member, type) in new[] { ("deleteEntry", AuditEventType.DeleteEntry), ("exportDocument", AuditEventType.ExportDocument) })
        {
            w.WriteStartArray(member);
            foreach (var reason in catalog.AuditReasons.Where(a => a.AuditEventType == type))
            {
                w.WriteStartObject();
                w.WriteNumber("id", reason.Id);
                w.WriteString("name", reason.Name);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    });
}
