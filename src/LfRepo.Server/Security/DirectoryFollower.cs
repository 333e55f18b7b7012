using LfRepo.Server.Storage;

namespace LfRepo.Server.Security;

/// <summary>Reads the users, groups and definition ACLs again when another process changed them.</summary>
public sealed class DirectoryFollower(UserDirectory directory, DefinitionAccess access) : IStoreFollower
{
    /// <summary>Counted up by every change of users, groups, passwords and definition ACLs.</summary>
    public const string Name = "directory";

    public string Generation => Name;

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await directory.LoadAsync(cancellationToken);
        await access.LoadAsync(cancellationToken);
    }
}
