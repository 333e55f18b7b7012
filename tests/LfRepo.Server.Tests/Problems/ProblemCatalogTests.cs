using System.Reflection;
using LfRepo.Server.Problems;

namespace LfRepo.Server.Tests.Problems;

[Trait("Engine", "Both")]
public sealed class ProblemCatalogTests
{
    private static readonly IReadOnlyList<(string Name, ProblemKind Kind)> Kinds = [.. typeof(ProblemCatalog)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ProblemKind))
        .Select(f => (f.Name, (ProblemKind)f.GetValue(null)!))];

    [Fact]
    public void Every_kind_of_error_has_an_error_code_and_a_type_of_its_own()
    {
        Kinds.Should().HaveCountGreaterThan(50);
        Kinds.GroupBy(k => k.Kind.ErrorCode).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(k => k.Name))}").Should().BeEmpty("a client tells errors apart by errorCode");
        Kinds.GroupBy(k => k.Kind.TypeSuffix, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(k => k.Name))}").Should().BeEmpty("each problem type names one kind of error");
    }

    [Fact]
    public void Every_kind_has_a_client_error_or_server_error_status_and_a_title()
    {
        Kinds.Where(k => k.Kind.Status is < 400 or > 599 || string.IsNullOrWhiteSpace(k.Kind.Title))
            .Select(k => k.Name).Should().BeEmpty();
    }
}
