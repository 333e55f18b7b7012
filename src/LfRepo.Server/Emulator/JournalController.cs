using LfRepo.Server.Security;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Emulator;

/// <summary>The requests the API served, oldest first; /_emulator calls are not recorded.</summary>
[ApiController]
[Route("_emulator/requests")]
[AdministratorsOnly(ControlPlane = true)]
[Produces("application/json")]
public sealed class JournalController(RequestJournal journal) : ControllerBase
{
    [HttpGet("")]
    public JournalPage ListRequests([FromQuery] JournalQuery query)
    {
        var entries = journal.Find(query);
        return new JournalPage(entries, entries.Count);
    }

    [HttpDelete("")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public IActionResult ClearRequests()
    {
        journal.Clear();
        return NoContent();
    }
}

public sealed record JournalPage(IReadOnlyList<JournalEntry> Value, int Count);
