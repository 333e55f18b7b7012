using LfRepo.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.UserAreas;

[ApiController]
[Tags("UserAreas")]
[Route("v2/Repositories/{repositoryId}/UserAreas")]
public sealed class UserAreasController(UserAreaService areas) : ControllerBase
{
    /// <summary>Returns the caller's generic user areas.</summary>
    /// <remarks>Application-managed areas (Personal Collections, Starred, Recent) are excluded from this surface.</remarks>
    [HttpGet]
    [ProducesResponseType<UserArea[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetUserAreas(string repositoryId, CancellationToken cancellationToken)
    {
        UserAreaResults.NoOptions(UserAreaWire.Area, nameof(GetUserAreas), Request.Query);
        return UserAreaResults.Array(UserAreaWire.Area, await areas.GenericAreasAsync(this.UserName(), cancellationToken));
    }

    /// <summary>Creates a user area owned by the caller.</summary>
    /// <remarks>
    /// Names are unique per user ignoring case (409) and 1–255 characters. Names reserved for application-managed
    /// areas (the pc_ prefix, Starred, RecentDocuments, RecentFolders) are a 400.
    /// </remarks>
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType<UserArea>(StatusCodes.Status200OK)]
    public async Task<IActionResult> CreateUserArea(string repositoryId, [FromBody] CreateUserAreaRequest request, CancellationToken cancellationToken) =>
        UserAreaResults.One(UserAreaWire.Area, await areas.CreateGenericAreaAsync(this.UserName(), request, cancellationToken));

    /// <summary>Returns the requested user area. Application-managed areas are not accessible through this surface (404).</summary>
    [HttpGet("{areaId:int}")]
    [ProducesResponseType<UserArea>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetUserArea(string repositoryId, int areaId, CancellationToken cancellationToken)
    {
        var select = UserAreaResults.Select(UserAreaWire.Area, nameof(GetUserArea), Request.Query);
        return UserAreaResults.One(UserAreaWire.Area, await areas.GetGenericAreaAsync(this.UserName(), areaId, cancellationToken), select);
    }

    /// <summary>Updates the name, comment, and/or data of the user area; null members are left unchanged.</summary>
    /// <remarks>A renamed area cannot take a reserved name (400) or the name of another of the caller's areas (409).</remarks>
    [HttpPut("{areaId:int}")]
    [Consumes("application/json")]
    [ProducesResponseType<UserArea>(StatusCodes.Status200OK)]
    public async Task<IActionResult> UpdateUserArea(string repositoryId, int areaId, [FromBody] UpdateUserAreaRequest request, CancellationToken cancellationToken) =>
        UserAreaResults.One(UserAreaWire.Area, await areas.UpdateGenericAreaAsync(this.UserName(), areaId, request, cancellationToken));

    /// <summary>Deletes the user area. Application-managed areas cannot be deleted through this surface (404).</summary>
    [HttpDelete("{areaId:int}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> DeleteUserArea(string repositoryId, int areaId, CancellationToken cancellationToken)
    {
        await areas.DeleteGenericAreaAsync(this.UserName(), areaId, cancellationToken);
        return NoContent();
    }

    /// <summary>Returns the entries contained in the user area, in the order they were added.</summary>
    [HttpGet("{areaId:int}/Entries")]
    [ProducesResponseType<UserAreaEntry[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetUserAreaEntries(string repositoryId, int areaId, CancellationToken cancellationToken)
    {
        UserAreaResults.NoOptions(UserAreaWire.Entry, nameof(GetUserAreaEntries), Request.Query);
        return UserAreaResults.Array(UserAreaWire.Entry, await areas.GenericAreaEntriesAsync(this.UserName(), areaId, cancellationToken));
    }

    /// <summary>Adds the supplied entries to the user area and returns the updated entries.</summary>
    /// <remarks>Entries already present are left unchanged; an unknown entry ID is a 400.</remarks>
    [HttpPost("{areaId:int}/Entries")]
    [Consumes("application/json")]
    [ProducesResponseType<UserAreaEntry[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> AddUserAreaEntries(string repositoryId, int areaId, [FromBody] EntryIdsRequest request, CancellationToken cancellationToken) =>
        UserAreaResults.Array(UserAreaWire.Entry, await areas.AddToGenericAreaAsync(this.UserName(), areaId, request.EntryIds, cancellationToken));

    /// <summary>Removes the supplied entries from the user area and returns the updated entries.</summary>
    /// <remarks>Entries not present are ignored.</remarks>
    [HttpDelete("{areaId:int}/Entries")]
    [Consumes("application/json")]
    [ProducesResponseType<UserAreaEntry[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> RemoveUserAreaEntries(string repositoryId, int areaId, [FromBody] EntryIdsRequest request, CancellationToken cancellationToken) =>
        UserAreaResults.Array(UserAreaWire.Entry, await areas.RemoveFromGenericAreaAsync(this.UserName(), areaId, request.EntryIds, cancellationToken));
}
