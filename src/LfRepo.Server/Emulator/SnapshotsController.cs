using LfRepo.Server.Security;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.Emulator;

/// <summary>Named snapshots of the whole repository: save, list, restore, delete, download.</summary>
[ApiController]
[Route("_emulator/snapshots")]
[AdministratorsOnly(ControlPlane = true)]
[Produces("application/json")]
public sealed class SnapshotsController(RepositoryState state) : ControllerBase
{
    [HttpGet("")]
    public ValueList<SnapshotInfo> ListSnapshots() => new(state.List());

    /// <summary>Saves the repository as it is now under this name (replacing a snapshot of the same name).</summary>
    [HttpPut("{name}")]
    [ProducesResponseType<SnapshotInfo>(StatusCodes.Status201Created)]
    public async Task<IActionResult> SaveSnapshot(string name, CancellationToken cancellationToken) =>
        StatusCode(StatusCodes.Status201Created, await state.SaveAsync(name, cancellationToken));

    /// <summary>Makes the repository exactly what it was when the snapshot was saved.</summary>
    [HttpPost("{name}/restore")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> RestoreSnapshot(string name, CancellationToken cancellationToken)
    {
        await state.RestoreAsync(name, cancellationToken);
        return NoContent();
    }

    [HttpDelete("{name}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public IActionResult DeleteSnapshot(string name)
    {
        state.Delete(name);
        return NoContent();
    }

    /// <summary>The snapshot as one zip file, for <c>--load-snapshot FILE</c>.</summary>
    [HttpGet("{name}/archive")]
    [Produces("application/zip")]
    public IActionResult DownloadSnapshot(string name) => File(state.OpenArchive(name), "application/zip", name + ".lfrepo.zip");
}
