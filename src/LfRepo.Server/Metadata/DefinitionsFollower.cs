using LfRepo.Server.Security;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Metadata;

/// <summary>Reads the definitions again (the catalogue and their ACLs) when another process changed them.</summary>
public sealed class DefinitionsFollower(StoreConnection store, MetadataCatalog catalog, DefinitionAccess access) : IStoreFollower
{
    /// <summary>Counted up by every definition change (<see cref="DefinitionWriter"/>).</summary>
    public const string Name = "definitions";

    public string Generation => Name;

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await store.OpenAsync(cancellationToken))
        {
            await catalog.LoadAsync(connection, cancellationToken);
        }
        await access.LoadAsync(cancellationToken);
    }
}
