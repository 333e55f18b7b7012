namespace LfRepo.Server.Annotations;

/// <summary>
/// Whether a stamp of the catalogue exists and the caller may place it. Stamp annotations refer to a stamp by id;
/// the stamp catalogue registers the real lookup, and without one there are no stamps.
/// </summary>
public interface IStampLookup
{
    Task<bool> ExistsAsync(int stampId, string userName, CancellationToken cancellationToken);
}

/// <summary>The lookup used while no stamp catalogue is registered: no stamp exists.</summary>
public sealed class NoStamps : IStampLookup
{
    public Task<bool> ExistsAsync(int stampId, string userName, CancellationToken cancellationToken) => Task.FromResult(false);
}
