using System.Collections.Concurrent;

namespace LfRepo.Server.Tests.Contract;

/// <summary>
/// Sits in every test client: each JSON body the server answers with is validated against the response schema
/// of the matching operation in the Laserfiche spec (v1 paths in the v1 spec), and a mismatch fails the test that made the call.
/// </summary>
public sealed class ContractCheckingHandler : DelegatingHandler
{
    private static readonly string[] PathBases = ["/LFRepositoryAPI", "/repository"];

    /// <summary>Schema names checked so far in this test run, with how often (read by the contract summary test).</summary>
    public static ConcurrentDictionary<string, int> Checked { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not ("application/json" or "application/problem+json"))
        {
            return response;
        }

        var path = request.RequestUri!.AbsolutePath;
        foreach (var pathBase in PathBases)
        {
            if (path.StartsWith(pathBase + "/", StringComparison.OrdinalIgnoreCase))
            {
                path = path[pathBase.Length..];
                break;
            }
        }
        var contract = SpecContract.For(path);
        if (contract is null)
        {
            return response;
        }
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var (schema, errors) = contract.Validate(request.Method.Method, path, (int)response.StatusCode, body);
        if (schema is null)
        {
            return response;
        }
        Checked.AddOrUpdate(schema, 1, (_, n) => n + 1);
        if (errors.Count > 0)
        {
            throw new ContractViolationException(
                $"{request.Method} {request.RequestUri.PathAndQuery} → {(int)response.StatusCode} does not match schema {schema}: " +
                string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")) + $"\nBody: {body}");
        }
        return response;
    }
}

public sealed class ContractViolationException(string message) : Exception(message);
