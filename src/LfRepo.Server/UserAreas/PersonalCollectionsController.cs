using LfRepo.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace LfRepo.Server.UserAreas;

[ApiController]
[Tags("UserAreas")]
[Route("v2/Repositories/{repositoryId}/PersonalCollections")]
public sealed class PersonalCollectionsController(UserAreaService areas) : ControllerBase
{
    /// <summary>Returns the authenticated user's personal collections, each with its display name and member entry IDs.</summary>
    [HttpGet]
    [ProducesResponseType<PersonalCollection[]>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetPersonalCollections(string repositoryId, CancellationToken cancellationToken)
    {
        UserAreaResults.NoOptions(UserAreaWire.Collection, nameof(GetPersonalCollections), Request.Query);
        return UserAreaResults.Array(UserAreaWire.Collection, await areas.CollectionsAsync(this.UserName(), cancellationToken));
    }

    /// <summary>Creates a personal collection with the supplied display name.</summary>
    /// <remarks>
    /// Names are unique per user ignoring case (409), 1–255 characters, and may not be reserved (409: the pc_ prefix,
    /// Starred, RecentDocuments, RecentFolders). A user may have at most 50 collections (400).
    /// </remarks>
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType<PersonalCollection>(StatusCodes.Status200OK)]
    public async Task<IActionResult> CreatePersonalCollection(string repositoryId, [FromBody] CreatePersonalCollectionRequest request, CancellationToken cancellationToken) =>
        UserAreaResults.One(UserAreaWire.Collection, await areas.CreateCollectionAsync(this.UserName(), request.Name, cancellationToken));

    /// <summary>Returns the requested personal collection with its display name and member entry IDs.</summary>
    [HttpGet("{collectionId}")]
    [ProducesResponseType<PersonalCollection>(StatusCodes.Status200OK)]
    public async Task<IActionResult> GetPersonalCollection(string repositoryId, string collectionId, CancellationToken cancellationToken)
    {
        var select = UserAreaResults.Select(UserAreaWire.Collection, nameof(GetPersonalCollection), Request.Query);
        return UserAreaResults.One(UserAreaWire.Collection, await areas.CollectionAsync(this.UserName(), collectionId, cancellationToken), select);
    }

    /// <summary>Changes the collection's display name (the collection ID is unchanged). Same name constraints as creation.</summary>
    [HttpPatch("{collectionId}")]
    [Consumes("application/json")]
    [ProducesResponseType<PersonalCollection>(StatusCodes.Status200OK)]
    public async Task<IActionResult> RenamePersonalCollection(
        string repositoryId, string collectionId, [FromBody] RenamePersonalCollectionRequest request, CancellationToken cancellationToken) =>
        UserAreaResults.One(UserAreaWire.Collection, await areas.RenameCollectionAsync(this.UserName(), collectionId, request.Name, cancellationToken));

    /// <summary>Deletes the collection. Idempotent: deleting a collection that does not exist succeeds.</summary>
    [HttpDelete("{collectionId}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> DeletePersonalCollection(string repositoryId, string collectionId, CancellationToken cancellationToken)
    {
        await areas.DeleteCollectionAsync(this.UserName(), collectionId, cancellationToken);
        return NoContent();
    }

    /// <summary>Adds the supplied entries to the collection and returns the updated collection.</summary>
    /// <remarks>Entries already present are left unchanged; an unknown entry ID is a 400.</remarks>
    [HttpPost("{collectionId}/Entries")]
    [Consumes("application/json")]
    [ProducesResponseType<PersonalCollection>(StatusCodes.Status200OK)]
    public async Task<IActionResult> AddCollectionEntries(string repositoryId, string collectionId, [FromBody] EntryIdsRequest request, CancellationToken cancellationToken) =>
        UserAreaResults.One(UserAreaWire.Collection, await areas.AddToCollectionAsync(this.UserName(), collectionId, request.EntryIds, cancellationToken));

    /// <summary>Removes the supplied entries from the collection and returns the updated collection.</summary>
    /// <remarks>Entries not present are ignored.</remarks>
    [HttpDelete("{collectionId}/Entries")]
    [Consumes("application/json")]
    [ProducesResponseType<PersonalCollection>(StatusCodes.Status200OK)]
    public async Task<IActionResult> RemoveCollectionEntries(string repositoryId, string collectionId, [FromBody] EntryIdsRequest request, CancellationToken cancellationToken) =>
        UserAreaResults.One(UserAreaWire.Collection, await areas.RemoveFromCollectionAsync(this.UserName(), collectionId, request.EntryIds, cancellationToken));
}
