namespace LfRepo.Server.Annotations;

/// <summary>
/// Whether a stamp of the catalogue exists and the caller may place it. Stamp annotations refer to a stamp by id;
/// the stamp catalogue (Stamps/StampCatalog) answers.
/// </summary>
public interface IStampLookup
{
    Task<bool> ExistsAsync(int stampId, string userName, CancellationToken cancellationToken);

    /// <summary>The stamp's image as PNG in <paramref name="color"/> (#RRGGBB), public or personal, for drawing a stamp annotation; null when the stamp is gone.</summary>
    Task<byte[]?> DrawableImageAsync(int stampId, string color, CancellationToken cancellationToken);
}
