using LfRepo.Server.Api;
using LfRepo.Server.Problems;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.UserAreas;

[ApiController]
[Tags("UserAreas")]
[Route("v2/Repositories/{repositoryId}")]
public sealed class StarredAndRecentController(UserAreaService areas) : ControllerBase
{
    /// <summary>Returns the documents in the authenticated user's Recent Documents list, most-recently-accessed first.</summary>
    /// <remarks>
    /// LfRepo records a document as recent when its user exports it, reads a page image of it or downloads its
    /// electronic document (the list keeps 50).
    /// </remarks>
    /// <param name="repositoryId">The requested repository ID.</param>
    /// <param name="documentLimit">At most this many documents; omitted, all of them. 0 returns an empty list; negative values are a 400.</param>
    /// <param name="cancellationToken">Aborts when the client goes away.</param>
    [HttpGet("RecentDocuments")]
    [ProducesResponseType<UserAreaEntry[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetRecentDocuments(string repositoryId, [FromQuery] int? documentLimit, CancellationToken cancellationToken)
    {
        UserAreaResults.NoOptions(UserAreaWire.Entry, nameof(GetRecentDocuments), Request.Query);
        if (documentLimit < 0)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, $"documentLimit is {documentLimit}; it may not be negative.");
        }
        var entries = await areas.WellKnownEntriesAsync(this.UserName(), UserAreaNames.RecentDocuments, newestFirst: true, documentLimit, cancellationToken);
        return UserAreaResults.Array(UserAreaWire.Entry, entries);
    }

    /// <summary>Returns the folders in the authenticated user's Recent Folders list, most-recently-accessed first.</summary>
    /// <remarks>LfRepo records a folder as recent when its user lists its children (the list keeps 50).</remarks>
    [HttpGet("RecentFolders")]
    [ProducesResponseType<UserAreaEntry[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetRecentFolders(string repositoryId, CancellationToken cancellationToken)
    {
        UserAreaResults.NoOptions(UserAreaWire.Entry, nameof(GetRecentFolders), Request.Query);
        var entries = await areas.WellKnownEntriesAsync(this.UserName(), UserAreaNames.RecentFolders, newestFirst: true, null, cancellationToken);
        return UserAreaResults.Array(UserAreaWire.Entry, entries);
    }

    /// <summary>Returns the entries in the authenticated user's Starred list, in the order they were starred.</summary>
    [HttpGet("StarredEntries")]
    [ProducesResponseType<UserAreaEntry[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetStarredEntries(string repositoryId, CancellationToken cancellationToken)
    {
        UserAreaResults.NoOptions(UserAreaWire.Entry, nameof(GetStarredEntries), Request.Query);
        var entries = await areas.WellKnownEntriesAsync(this.UserName(), UserAreaNames.Starred, newestFirst: false, null, cancellationToken);
        return UserAreaResults.Array(UserAreaWire.Entry, entries);
    }

    /// <summary>Adds the supplied entries to the authenticated user's Starred list and returns the updated list.</summary>
    /// <remarks>Creates the user's Starred area on first use. Already-starred entries are left unchanged; an unknown entry ID is a 400.</remarks>
    [HttpPost("StarredEntries")]
    [Consumes("application/json")]
    [ProducesResponseType<UserAreaEntry[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> StarEntries(string repositoryId, [FromBody] StarEntriesRequest request, CancellationToken cancellationToken) =>
        UserAreaResults.Array(UserAreaWire.Entry, await areas.StarAsync(this.UserName(), request.EntryIds, cancellationToken));

    /// <summary>Removes the supplied entries from the authenticated user's Starred list and returns the updated list.</summary>
    /// <remarks>Entries that are not starred are ignored.</remarks>
    [HttpDelete("StarredEntries")]
    [Consumes("application/json")]
    [ProducesResponseType<UserAreaEntry[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> UnstarEntries(string repositoryId, [FromBody] StarEntriesRequest request, CancellationToken cancellationToken) =>
        UserAreaResults.Array(UserAreaWire.Entry, await areas.UnstarAsync(this.UserName(), request.EntryIds, cancellationToken));
}
