using System.CommandLine;

namespace LfRepo.Server.Hosting;

/// <summary>
/// The emulator's flags (System.CommandLine): <c>--help</c> lists them with their defaults, <c>--version</c> prints
/// the version, an unknown flag or a bad value is one line on stderr and exit code 2. Relative paths resolve from
/// the current directory. Any configuration key can also be set as <c>--Section:Key value</c>
/// (<c>--LfRepo:Tasks:Workers 4</c>); those pass through to configuration unchecked.
/// </summary>
public static class CommandLine
{
    /// <summary>Exit code of a command line that could not be understood.</summary>
    public const int UsageError = 2;

    private enum Kind { Text, Path, Flag, PositiveNumber, Url }

    private sealed record Flag(string Name, string Key, string Help, string Default, Kind Kind, string[]? Choices = null, string? HelpName = null);

    private static readonly Flag[] Flags =
    [
        new("--urls", "urls", "addresses to listen on, ';'-separated", "http://localhost:5000", Kind.Text, HelpName: "URLS"),
        new("--data-dir", "LfRepo:DataDir", "folder of the store (SQLite database, content, signing key)", "lfrepo-data", Kind.Path, HelpName: "PATH"),
        new("--in-memory", "LfRepo:InMemory", "a throwaway store, removed when the process stops", "false", Kind.Flag),
        new("--repository-id", "LfRepo:RepositoryId", "the repository's id", "r-emulator", Kind.Text, HelpName: "ID"),
        new("--token-lifetime", "LfRepo:TokenLifetimeSeconds", "access token lifetime in seconds", "900", Kind.PositiveNumber, HelpName: "SECONDS"),
        new("--seed", "LfRepo:Seed", "a JSON seed file, or 'empty' for nothing but the root folder", "the built-in sample repository", Kind.Path, HelpName: "FILE|empty"),
        new("--tables-seed", "LfRepo:Tables:SeedFile", "a JSON file declaring the Table API's lookup tables", "the built-in sample tables", Kind.Path, HelpName: "FILE"),
        new("--no-control-plane", "LfRepo:ControlPlane:Disabled", "turn the /_emulator control plane off", "false", Kind.Flag),
        new("--load-snapshot", "LfRepo:ControlPlane:LoadSnapshot", "restore a snapshot archive at start", "none", Kind.Path, HelpName: "FILE"),
        new("--limits", "LfRepo:Limits:Profile", "'cloud' enforces Laserfiche Cloud's per-user limits", "none", Kind.Text, ["none", "cloud"]),
        new("--allow-default-credentials", "LfRepo:AllowDefaultCredentials", "start on a non-loopback address with the default password", "false", Kind.Flag),
        new("--public-base-url", "LfRepo:PublicBaseUrl", "scheme, host and port every absolute link starts with", "the request's host", Kind.Url, HelpName: "URL"),
        new("--cors-origins", "LfRepo:CorsOrigins", "comma-separated origins browser clients may call from", "none", Kind.Text, HelpName: "ORIGINS"),
        new("--store", "LfRepo:Store:Provider", "the store engine: 'sqlite' (embedded) or 'postgres'", "sqlite", Kind.Text, ["sqlite", "postgres"]),
        new("--connection-string", "LfRepo:Store:ConnectionString", "the PostgreSQL connection string (with --store postgres)", "none", Kind.Text, HelpName: "CONNECTION"),
        new("--log-format", LoggingExtensions.FormatKey, "'json' writes Serilog's compact JSON, one event a line", "text", Kind.Text, ["text", "json"]),
        new("--environment", "environment", "the ASP.NET Core environment", "Production", Kind.Text, HelpName: "NAME"),
    ];

    /// <summary>What the command line asks for: an exit code (help, version, a usage error) or settings to start with.</summary>
    public sealed record Parsed(int? ExitCode, IReadOnlyDictionary<string, string> Settings);

    /// <summary>
    /// Parses the flags; help, version and errors are written to <paramref name="output"/> / <paramref name="error"/>.
    /// Relative paths resolve from <paramref name="currentDirectory"/> (the process's current directory unless given).
    /// </summary>
    public static Parsed Parse(string[] args, TextWriter output, TextWriter error, string? currentDirectory = null)
    {
        var here = currentDirectory ?? Directory.GetCurrentDirectory();
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (!IsConfigurationKey(args[i]))
            {
                rest.Add(args[i]);
                continue;
            }
            var token = args[i][2..];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                settings[token[..equals]] = token[(equals + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                settings[token] = args[++i];
            }
            else
            {
                error.WriteLine($"lfrepo: {args[i]} needs a value (see lfrepo --help)");
                return new(UsageError, settings);
            }
        }

        var (root, options) = BuildCommand(here);
        var result = root.Parse(rest);
        if (result.Errors.Count > 0)
        {
            var message = string.Join(" ", result.Errors[0].Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            error.WriteLine($"lfrepo: {message} (see lfrepo --help)");
            return new(UsageError, settings);
        }
        if (result.GetResult(root.Options.OfType<VersionOption>().Single()) is not null && result.Errors.Count == 0)
        {
            output.WriteLine(InformationalVersion);
            return new(0, settings);
        }
        if (result.Action is not null)
        {
            // --help or --version.
            var exit = result.Invoke(new InvocationConfiguration { Output = output, Error = error });
            return new(exit, settings);
        }
        foreach (var (flag, option) in options)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                var value = flag.Kind == Kind.Flag ? (result.GetValue((Option<bool>)option) ? "true" : "false") : result.GetValue((Option<string>)option) ?? "";
                settings[flag.Key] = flag.Kind == Kind.Path && !(flag.Name == "--seed" && value.Equals("empty", StringComparison.OrdinalIgnoreCase)) && value.Length > 0
                    ? Path.GetFullPath(value, here)
                    : value;
            }
        }
        return new(null, settings);
    }

    /// <summary>The version <c>--version</c> prints: the package version and the commit it was built from.</summary>
    public static string InformationalVersion { get; } =
        typeof(CommandLine).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0";

    /// <summary>The version the banner and the packages show.</summary>
    public static string Version { get; } = InformationalVersion.Split('+')[0];

    /// <summary>The host's own keys, which test hosts (WebApplicationFactory) pass as arguments.</summary>
    private static readonly string[] HostKeys = ["--contentRoot=", "--applicationName="];

    /// <summary>
    /// A configuration key rather than a flag: its name holds a ':' or starts with a capital letter
    /// (<c>--LfRepo:Tasks:Workers</c>, <c>--AllowedHosts</c>); flags are lower case.
    /// </summary>
    private static bool IsConfigurationKey(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3)
        {
            return false;
        }
        var name = arg[2..].Split('=')[0];
        return name.Contains(':', StringComparison.Ordinal) || char.IsUpper(name[0]) || HostKeys.Any(k => arg.StartsWith(k, StringComparison.OrdinalIgnoreCase));
    }

    private static (RootCommand Root, List<(Flag Flag, Option Option)> Options) BuildCommand(string here)
    {
        var root = new RootCommand(
            "LfRepo: a local emulator of the Laserfiche Repository API.\n" +
            "Every setting of appsettings.json can also be given as --Section:Key VALUE (for example --LfRepo:Tasks:Workers 4) " +
            "or as an environment variable (LfRepo__Tasks__Workers=4); names with a ':' or a capital letter pass through unchecked.");
        var options = new List<(Flag, Option)>();
        foreach (var flag in Flags)
        {
            if (flag.Kind == Kind.Flag)
            {
                var bare = new Option<bool>(flag.Name) { Description = $"{flag.Help} [default: {flag.Default}]" };
                root.Options.Add(bare);
                options.Add((flag, bare));
                continue;
            }
            var option = new Option<string>(flag.Name)
            {
                Description = $"{flag.Help} [default: {flag.Default}]",
                HelpName = flag.HelpName,
                Arity = ArgumentArity.ExactlyOne,
            };
            if (flag.Choices is { } choices)
            {
                option.AcceptOnlyFromAmong(choices);
            }
            if (flag.Kind == Kind.PositiveNumber)
            {
                option.Validators.Add(r => Check(r, int.TryParse(r.GetValueOrDefault<string>(), out var n) && n > 0, "a positive whole number"));
            }
            if (flag.Kind == Kind.Url)
            {
                option.Validators.Add(r => Check(r, Uri.TryCreate(r.GetValueOrDefault<string>(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https", "an absolute http or https URL"));
            }
            if (flag.Kind == Kind.Path && flag.Name != "--data-dir")
            {
                option.Validators.Add(r =>
                {
                    var value = r.GetValueOrDefault<string>() ?? "";
                    if (value.Length > 0 && !(flag.Name == "--seed" && value.Equals("empty", StringComparison.OrdinalIgnoreCase)) && !File.Exists(Path.GetFullPath(value, here)))
                    {
                        r.AddError($"{flag.Name}: no file '{value}' (relative paths start from {here})");
                    }
                });
            }
            root.Options.Add(option);
            options.Add((flag, option));
        }
        return (root, options);

        static void Check(System.CommandLine.Parsing.OptionResult result, bool ok, string expected)
        {
            if (!ok)
            {
                result.AddError($"{result.IdentifierToken?.Value}: '{result.GetValueOrDefault<string>()}' is not {expected}");
            }
        }
    }
}
