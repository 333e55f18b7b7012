namespace LfRepo.Server.Storage;

/// <summary>
/// Whether other LfRepo processes serve the same store right now. In-process caches of store rows hold only while
/// this process is the store's one writer: they stop serving while the store is shared, and start empty again
/// (<see cref="Changed"/>) when it is not.
/// </summary>
public sealed class StorePeers
{
    private volatile bool _shared;

    /// <summary>True while another live process uses the store.</summary>
    public bool Shared => _shared;

    /// <summary>Raised when <see cref="Shared"/> changes; caches drop what they hold.</summary>
    public event Action? Changed;

    public void Set(bool shared)
    {
        if (_shared == shared)
        {
            return;
        }
        _shared = shared;
        Changed?.Invoke();
    }
}
