using LfRepo.Server.Hosting;

namespace LfRepo.Server.Tests.Hosting;

[Trait("Engine", "Both")]
public sealed class CommandLineTests
{
    private static (CommandLine.Parsed Parsed, string Output, string Error) Parse(params string[] args) => ParseIn(null, args);

    private static (CommandLine.Parsed Parsed, string Output, string Error) ParseIn(string? folder, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parsed = CommandLine.Parse(args, output, error, folder);
        return (parsed, output.ToString(), error.ToString());
    }

    [Fact]
    public void Help_lists_every_option_with_its_default_and_exits_0()
    {
        var (parsed, output, _) = Parse("--help");

        parsed.ExitCode.Should().Be(0);
        foreach (var flag in new[] { "--urls", "--data-dir", "--in-memory", "--repository-id", "--token-lifetime", "--seed", "--tables-seed",
                     "--no-control-plane", "--load-snapshot", "--limits", "--allow-default-credentials", "--public-base-url", "--cors-origins", "--log-format", "--version" })
        {
            output.Should().Contain(flag);
        }
        output.Should().Contain("access token lifetime in seconds [default: 900]").And.Contain("[default: lfrepo-data]").And.Contain("[default: r-emulator]");
    }

    [Fact]
    public void Version_prints_the_version_of_the_assembly()
    {
        var (parsed, output, _) = Parse("--version");

        parsed.ExitCode.Should().Be(0);
        output.Trim().Should().StartWith(CommandLine.Version);
        CommandLine.Version.Should().MatchRegex(@"^\d+\.\d+\.\d+");
    }

    [Theory]
    [InlineData("--token-lifetme", "5", "--token-lifetme")]
    [InlineData("--token-lifetime", "abc", "'abc' is not a positive whole number")]
    [InlineData("--token-lifetime", "0", "'0' is not a positive whole number")]
    [InlineData("--limits", "moon", "moon")]
    [InlineData("--log-format", "xml", "xml")]
    [InlineData("--public-base-url", "repo.example", "is not an absolute http or https URL")]
    [InlineData("--tables-seed", "no-such-tables.json", "no file 'no-such-tables.json'")]
    public void An_unknown_flag_or_a_bad_value_is_one_line_and_exit_code_2(string flag, string value, string expected)
    {
        var (parsed, output, error) = Parse(flag, value);

        parsed.ExitCode.Should().Be(2);
        output.Should().BeEmpty();
        error.TrimEnd().Should().NotContain("\n").And.StartWith("lfrepo: ").And.Contain(expected).And.EndWith("(see lfrepo --help)");
    }

    [Fact]
    public void Flags_map_to_their_configuration_keys_and_relative_paths_resolve_from_the_current_directory()
    {
        var file = Path.GetTempFileName();
        var folder = Path.GetDirectoryName(file)!;
        try
        {
            var (parsed, _, error) = ParseIn(folder, "--in-memory", "--seed", Path.GetFileName(file), "--data-dir", "store", "--token-lifetime", "5", "--urls", "http://127.0.0.1:5001");

            error.Should().BeEmpty();
            parsed.ExitCode.Should().BeNull();
            parsed.Settings.Should().Contain("LfRepo:InMemory", "true")
                .And.Contain("LfRepo:Seed", Path.GetFullPath(file))
                .And.Contain("LfRepo:DataDir", Path.Combine(Path.GetFullPath(folder), "store"))
                .And.Contain("LfRepo:TokenLifetimeSeconds", "5")
                .And.Contain("urls", "http://127.0.0.1:5001");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Flags_not_given_set_nothing_so_appsettings_and_environment_variables_still_count()
    {
        var (parsed, _, _) = Parse();

        parsed.ExitCode.Should().BeNull();
        parsed.Settings.Should().BeEmpty();
    }

    [Fact]
    public void Seed_empty_is_not_a_path_and_configuration_keys_pass_through()
    {
        var (parsed, _, error) = Parse("--seed", "empty", "--LfRepo:Tasks:Workers", "4", "--Serilog:MinimumLevel:Default=Warning");

        error.Should().BeEmpty();
        parsed.Settings.Should().Contain("LfRepo:Seed", "empty").And.Contain("LfRepo:Tasks:Workers", "4").And.Contain("Serilog:MinimumLevel:Default", "Warning");
    }
}
