namespace LfRepo.Server.Annotations;

/// <summary>
/// Whether a stamp of the catalogue exists and the caller may place it. Stamp annotations refer to a stamp by id;
/// the stamp catalogue (Stamps/StampCatalog) answers.
/// </summary>
public interface IStampLookup
{
    Task<bool> ExistsAsync(int stampId, string userName, CancellationToken cancellationToken);
}
