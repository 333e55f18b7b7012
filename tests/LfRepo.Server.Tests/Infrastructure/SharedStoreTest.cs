namespace LfRepo.Server.Tests.Infrastructure;

/// <summary>
/// The base of tests that run two server processes on one store: the data folder they share (removed afterwards)
/// and a bounded wait for what one process learns of the other.
/// </summary>
public abstract class SharedStoreTest : IDisposable
{
    protected string DataDir { get; } = Path.Combine(Path.GetTempPath(), "lfrepo-2proc-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Waits up to 10 s for <paramref name="condition"/>, then asserts it.</summary>
    protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        condition().Should().BeTrue();
    }
}
