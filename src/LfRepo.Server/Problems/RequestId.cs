namespace LfRepo.Server.Problems;

/// <summary>
/// The per-request operation id: sent as X-RequestId on every response (by the problem middleware) and as operationId
/// in problems.
/// </summary>
public static class RequestId
{
    public const string Header = "X-RequestId";
    private static readonly object Key = new();

    public static string Get(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var value) && value is string id)
        {
            return id;
        }
        id = Guid.NewGuid().ToString("N");
        context.Items[Key] = id;
        return id;
    }

    public static string TraceId(HttpContext context) => "00-" + Get(context) + "-0000000000000000-00";

}
