using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LfRepo.Server.Storage;

/// <summary>Healthy when the store answers a query.</summary>
public sealed class StoreHealthCheck(StoreConnection store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await store.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM Repositories";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy(store.Description);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", ex);
        }
    }
}
