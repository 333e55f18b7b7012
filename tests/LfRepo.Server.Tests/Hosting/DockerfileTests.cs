namespace LfRepo.Server.Tests.Hosting;

/// <summary>The Dockerfile, read as text (no Docker engine in CI): the properties the image promises.</summary>
[Trait("Engine", "Both")]
public sealed class DockerfileTests
{
    private static string RepositoryFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LfRepo.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }
        throw new FileNotFoundException("LfRepo.sln not found above the test folder");
    }

    /// <summary>The instructions of the final stage, continuation lines joined.</summary>
    private static List<(string Instruction, string Arguments)> FinalStage()
    {
        var text = File.ReadAllText(RepositoryFile("Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var lastFrom = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
        return [.. lines.Skip(lastFrom).Select(l => (l.Split(' ', 2)[0].ToUpperInvariant(), l.Split(' ', 2).ElementAtOrDefault(1) ?? ""))];
    }

    [Fact]
    public void The_image_runs_as_a_non_root_user()
    {
        var users = FinalStage().Where(i => i.Instruction == "USER").Select(i => i.Arguments.Trim()).ToList();

        users.Should().NotBeEmpty();
        users[^1].Should().NotBe("root").And.NotBe("0");
    }

    [Fact]
    public void The_image_checks_its_health_on_the_health_endpoint_of_the_port_it_listens_on()
    {
        var stage = FinalStage();

        stage.Should().ContainSingle(i => i.Instruction == "HEALTHCHECK").Which.Arguments.Should().Contain("http://127.0.0.1:8080/health");
        stage.Single(i => i.Instruction == "ENV").Arguments.Should().Contain("ASPNETCORE_URLS=http://0.0.0.0:8080").And.Contain("LfRepo__DataDir=/data");
        stage.Should().Contain(("EXPOSE", "8080"));
        stage.Should().Contain(("VOLUME", "/data"));
    }

    [Fact]
    public void The_image_installs_the_converters_and_what_the_health_check_calls()
    {
        var installs = string.Join(" ", FinalStage().Where(i => i.Instruction == "RUN").Select(i => i.Arguments));

        installs.Should().Contain("apt-get install").And.Contain("poppler-utils").And.Contain("tesseract-ocr").And.Contain("curl");
    }

    [Fact]
    public void A_dockerignore_keeps_build_output_tests_and_data_out_of_the_context()
    {
        var ignored = File.ReadAllLines(RepositoryFile(".dockerignore")).Select(l => l.Trim()).ToList();

        ignored.Should().Contain(["**/bin/", "**/obj/", "**/node_modules/", "lfrepo-data/", "tests/", ".git/"]);
        ignored.Should().NotContain(l => l == "src/" || l == "src");
    }
}
