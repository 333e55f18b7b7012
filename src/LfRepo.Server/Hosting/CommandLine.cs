namespace LfRepo.Server.Hosting;

/// <summary>Maps the emulator's documented flags onto configuration keys.</summary>
public static class CommandLine
{
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--data-dir"] = "LfRepo:DataDir",
        ["--in-memory"] = "LfRepo:InMemory",
        ["--repository-id"] = "LfRepo:RepositoryId",
        ["--token-lifetime"] = "LfRepo:TokenLifetimeSeconds",
        ["--seed"] = "LfRepo:Seed",
        ["--tables-seed"] = "LfRepo:Tables:SeedFile",
        ["--no-control-plane"] = "LfRepo:ControlPlane:Disabled",
        ["--load-snapshot"] = "LfRepo:ControlPlane:LoadSnapshot",
        ["--limits"] = "LfRepo:Limits:Profile",
        ["--allow-default-credentials"] = "LfRepo:AllowDefaultCredentials",
        ["--public-base-url"] = "LfRepo:PublicBaseUrl",
        ["--cors-origins"] = "LfRepo:CorsOrigins",
        ["--store"] = "LfRepo:Store:Provider",
        ["--connection-string"] = "LfRepo:Store:ConnectionString",
    };

    private static readonly HashSet<string> BareFlags = new(StringComparer.OrdinalIgnoreCase) { "--in-memory", "--no-control-plane", "--allow-default-credentials" };

    public static IConfigurationBuilder AddEmulatorCommandLine(this IConfigurationBuilder configuration, string[] args) =>
        configuration.AddCommandLine(Normalize(args), SwitchMappings);

    /// <summary>Lets boolean flags stand alone (<c>--in-memory</c>) although the configuration provider wants a value.</summary>
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>(args.Length + 1);
        for (var i = 0; i < args.Length; i++)
        {
            result.Add(args[i]);
            var followedByValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            if (BareFlags.Contains(args[i]) && !followedByValue)
            {
                result.Add("true");
            }
        }
        return [.. result];
    }
}
