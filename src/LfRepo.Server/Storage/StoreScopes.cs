namespace LfRepo.Server.Storage;

/// <summary>
/// A context of its own for work outside a request (singletons, workers): a scope per call, so nothing holds a
/// context longer than one unit of work.
/// </summary>
public static class StoreScopes
{
    public static async Task<T> WithStoreAsync<T>(this IServiceScopeFactory scopes, Func<LfRepoDbContext, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LfRepoDbContext>());
    }
}
