using System.Text.RegularExpressions;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Tests.Storage;

public sealed partial class SchemaTests
{
    /// <summary>The hand-kept DDL that start-up applies must create exactly what the EF model describes.</summary>
    [Fact]
    public void The_schema_sql_matches_the_EF_model()
    {
        var options = new DbContextOptionsBuilder<LfRepoDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new LfRepoDbContext(options);

        var fromModel = Statements(db.Database.GenerateCreateScript());
        var fromSchema = Statements(Schema.Create);

        fromSchema.Should().BeEquivalentTo(fromModel);
    }

    private static List<string> Statements(string sql) =>
        sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Whitespace().Replace(s, " ").Trim())
            .Where(s => s.Length > 0 && !s.StartsWith("--", StringComparison.Ordinal))
            .ToList();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
