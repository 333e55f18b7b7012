using LfRepo.Server.Search;

namespace LfRepo.Server.Tests.Search;

[Trait("Engine", "Both")]
public sealed class SearchWordsTests
{
    [Theory]
    [InlineData("kitten", "sitting", 5, 3)]
    [InlineData("color", "colour", 5, 1)]
    [InlineData("receipt", "reciept", 5, 2)]
    [InlineData("same", "same", 0, 0)]
    [InlineData("abc", "", 5, 3)]
    [InlineData("transportation", "tram", 2, 3)]
    public void Edit_distance_counts_letters_added_removed_or_changed_up_to_the_limit(string a, string b, int limit, int expected) =>
        SearchWords.EditDistance(a, b, limit).Should().Be(expected);

    [Theory]
    [InlineData(FuzzyType.Percentage, 80, 5, 1)]
    [InlineData(FuzzyType.Percentage, 80, 14, 2)]
    [InlineData(FuzzyType.Percentage, 50, 2, 1)]
    [InlineData(FuzzyType.Percentage, 100, 14, 0)]
    [InlineData(FuzzyType.NumberOfLetters, 2, 7, 2)]
    [InlineData(FuzzyType.NumberOfLetters, 5, 3, 2)]
    [InlineData(FuzzyType.None, 5, 7, 0)]
    public void Allowed_edits_follow_the_fuzzy_type_and_never_replace_the_whole_word(FuzzyType type, int factor, int length, int edits) =>
        new SearchFuzziness(type, factor).MaxEdits(length).Should().Be(edits);

    [Fact]
    public void Folding_removes_letter_case_and_accents()
    {
        SearchWords.Fold("École ÄRZTE").Should().Be("ecole arzte");
        SearchWords.Fold("Plain").Should().Be("plain");
    }

    [Fact]
    public void Words_are_runs_of_letters_and_digits()
    {
        var text = "Invoice #42: déjà-vu";
        SearchWords.Tokens(text).Select(t => text.Substring(t.Start, t.Length)).Should().Equal("Invoice", "42", "déjà", "vu");
        SearchWords.PatternTokens("ab-c*[xy]").Should().Equal("ab", "c*[xy]");
    }

    [Fact]
    public void The_vocabulary_of_a_text_is_its_distinct_folded_words() =>
        SearchWords.DistinctFoldedWords("Café, CAFE and the café; Straße 12").Should().BeEquivalentTo("cafe", "and", "the", "straße", "12");

    [Fact]
    public void A_word_matcher_finds_every_requirement_by_word_wildcard_phrase_or_fuzzily()
    {
        var none = SearchFuzziness.None;
        new SearchWordMatcher([["budget"]], false, false, none).Matches("Quarterly Budget 2024").Should().BeTrue();
        new SearchWordMatcher([["budge"]], false, false, none).Matches("Quarterly Budget").Should().BeFalse();
        new SearchWordMatcher([["budge"]], false, true, none).Matches("Quarterly Budget").Should().BeTrue();
        new SearchWordMatcher([["dget"]], true, false, none).Matches("Quarterly Budget").Should().BeTrue();
        new SearchWordMatcher([["b?dg[a-f]t"]], false, false, none).Matches("Budget").Should().BeTrue();
        new SearchWordMatcher([["b?dg[^e]t"]], false, false, none).Matches("Budget").Should().BeFalse();
        new SearchWordMatcher([["quarterly", "budget"]], false, false, none).Matches("the quarterly budget").Should().BeTrue();
        new SearchWordMatcher([["budget", "quarterly"]], false, false, none).Matches("the quarterly budget").Should().BeFalse();
        new SearchWordMatcher([["budget"], ["quarterly"]], false, false, none).Matches("the quarterly budget").Should().BeTrue();
        new SearchWordMatcher([["budgit"]], false, false, none).Matches("Budget").Should().BeFalse();
        new SearchWordMatcher([["budgit"]], false, false, new SearchFuzziness(FuzzyType.NumberOfLetters, 1)).Matches("Budget").Should().BeTrue();
        new SearchWordMatcher([["budgit"]], false, false, none).Matches(null).Should().BeFalse();
    }
}
