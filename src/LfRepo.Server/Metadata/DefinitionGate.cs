using Nito.AsyncEx;

namespace LfRepo.Server.Metadata;

/// <summary>
/// Keeps field values and the definitions they are checked against in step. A value is validated against the
/// <see cref="MetadataCatalog"/> and stored in the form its field prescribes; a definition change (a type change,
/// a merge, a deletion) converts or drops the values already stored. Writers of values hold the gate shared from
/// validation to commit, and <see cref="DefinitionWriter"/> holds it alone from its first read to the catalogue
/// reload, so a value checked against the old definition is never stored after the new one took over. Holds are
/// not re-entrant: code holding the gate must not ask for it again.
/// </summary>
public sealed class DefinitionGate
{
    private readonly AsyncReaderWriterLock _lock = new();

    /// <summary>A shared hold, for validating and writing field values; dispose it after the commit.</summary>
    public async Task<IDisposable> HoldForValuesAsync(CancellationToken cancellationToken) => await _lock.ReaderLockAsync(cancellationToken);

    /// <summary>The exclusive hold, for changing definitions.</summary>
    public async Task<IDisposable> HoldForDefinitionsAsync(CancellationToken cancellationToken) => await _lock.WriterLockAsync(cancellationToken);
}
