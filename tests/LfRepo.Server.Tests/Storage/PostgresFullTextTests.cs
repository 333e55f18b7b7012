using LfRepo.Server.Storage;

namespace LfRepo.Server.Tests.Storage;

/// <summary>The search's FTS5-form full-text queries as PostgreSQL to_tsquery text.</summary>
public sealed class PostgresFullTextTests
{
    [Theory]
    [InlineData("\"maple\"", "'maple'")]
    [InlineData("\"maple pruning\"", "('maple' <-> 'pruning')")]
    [InlineData("\"transport\"*", "'transport':*")]
    [InlineData("\"a\" AND \"b\"", "('a' & 'b')")]
    [InlineData("(\"a\" OR \"b\") \"c\"", "(('a' | 'b') & 'c')")]
    [InlineData("\"a\" NOT \"b\"", "('a' & !'b')")]
    [InlineData("\"it's\"", "('it' <-> 's')")]
    [InlineData("\"-\"", "''")]
    [InlineData("NEAR(\"a\" \"b\", 1)", "(('a' <1> 'b') | ('b' <1> 'a') | ('a' <2> 'b') | ('b' <2> 'a'))")]
    public void Translates(string fts5, string tsquery) => PostgresFullText.ToTsQuery(fts5).Should().Be(tsquery);

    [Fact]
    public void A_malformed_query_is_refused_rather_than_guessed() =>
        FluentActions.Invoking(() => PostgresFullText.ToTsQuery("\"open")).Should().Throw<ArgumentException>();
}
