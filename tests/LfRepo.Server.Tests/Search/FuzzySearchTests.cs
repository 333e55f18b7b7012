using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Search;

[Trait("Engine", "Both")]
public sealed class FuzzySearchTests
{
    [Fact]
    public async Task Fuzzy_full_text_search_finds_words_within_the_allowed_letters()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("Quarterly Transportation costs\nsigned by the auditor"), "notes.txt", new { name = "Notes" });
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("nothing relevant here"), "other.txt", new { name = "Other" });

        // "transportaton" lacks one letter of "transportation" (14 letters).
        (await client.SearchNamesAsync("transportaton")).Should().BeEmpty();
        (await client.SearchNamesAsync("transportaton", "None", 5)).Should().BeEmpty();
        (await client.SearchNamesAsync("transportaton", "NumberOfLetters", 1)).Should().Equal("Notes");
        (await client.SearchNamesAsync("transportaton", "NumberOfLetters", 0)).Should().BeEmpty();
        (await client.SearchNamesAsync("transportaton", "Percentage", 80)).Should().Equal("Notes");
        (await client.SearchNamesAsync("transportaton", "Percentage", 100)).Should().BeEmpty();
        // Two letters differ in "audtior": 80 % of 7 letters allows one, NumberOfLetters 2 allows two.
        (await client.SearchNamesAsync("audtior", "Percentage", 80)).Should().BeEmpty();
        (await client.SearchNamesAsync("audtior", "NumberOfLetters", 2)).Should().Equal("Notes");
        // Phrases and Basic's D part are fuzzy too; prefix words are not.
        (await client.SearchNamesAsync("\"quartrly transportaton\"", "NumberOfLetters", 1)).Should().Equal("Notes");
        (await client.SearchNamesAsync("\"transportaton quartrly\"", "NumberOfLetters", 1)).Should().BeEmpty();
        (await client.SearchNamesAsync("{LF:Basic ~= \"relevnt\", option=\"D\"}", "NumberOfLetters", 1)).Should().Equal("Other");
        (await client.SearchNamesAsync("relevnt*", "NumberOfLetters", 1)).Should().BeEmpty();
    }

    [Fact]
    public async Task Fuzzy_word_searches_of_names_and_fields_and_their_context_hits()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var budget = await client.CreateFolderAsync(1, "Quarterly Budget");
        await client.CreateFolderAsync(1, "Budgeting Guide");
        await client.SetFieldsAsync(budget.Id(), new { name = "Comment", values = new[] { "approved by finance" } });

        (await client.SearchNamesAsync("{LF:Name ~= \"budgit\"}")).Should().BeEmpty();
        (await client.SearchNamesAsync("{LF:Name ~= \"budgit\"}", "NumberOfLetters", 1)).Should().Equal("Quarterly Budget");
        (await client.SearchNamesAsync("{LF:Name = \"budgit\"}", "NumberOfLetters", 1)).Should().BeEmpty("'=' compares whole values, never fuzzily");
        (await client.SearchNamesAsync("{[]:[Comment] ~= \"aproved\"}", "Percentage", 80)).Should().Equal("Quarterly Budget");
        (await client.SearchNamesAsync("{[]:[Comment] ~= \"aproved\"}")).Should().BeEmpty();

        var taskId = await client.StartSearchAsync("{LF:Basic ~= \"budgit\", option=\"NF\"} & {[]:[Comment] ~= \"aproved\"}", "NumberOfLetters", 1);
        (await client.ResultNamesAsync(taskId)).Should().Equal("Quarterly Budget");
        var hits = await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results/1/ContextHits")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var name = hits["value"]!.AsArray().Single(h => h!["hitType"]!.GetValue<string>() == "Name")!.AsObject();
        name["highlight1Offset"]!.GetValue<int>().Should().Be(10);
        name["highlight1Length"]!.GetValue<int>().Should().Be(6);
        var field = hits["value"]!.AsArray().Single(h => h!["hitType"]!.GetValue<string>() == "Field")!.AsObject();
        field["highlight1Offset"]!.GetValue<int>().Should().Be(0);
        field["highlight1Length"]!.GetValue<int>().Should().Be(8);
    }

    [Fact]
    public async Task Refresh_reruns_a_fuzzy_search_with_its_fuzzy_setting()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("colour chart"), "a.txt", new { name = "A" });
        var taskId = await client.StartSearchAsync("color", "NumberOfLetters", 1);
        (await client.ResultNamesAsync(taskId)).Should().Equal("A");

        await client.ImportAsync(1, Encoding.UTF8.GetBytes("the colr chart"), "b.txt", new { name = "B" });
        (await client.ResultNamesAsync(taskId)).Should().Equal("A");
        (await client.ResultNamesAsync(taskId, "?refresh=true")).Should().Equal("A", "B");

        var hits = await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results/2/ContextHits")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var hit = hits["value"]!.AsArray().Single()!.AsObject();
        hit.Str("context").Should().Be("the colr chart");
        hit["highlight1Offset"]!.GetValue<int>().Should().Be(4);
        hit["highlight1Length"]!.GetValue<int>().Should().Be(4);
    }

    [Theory]
    [InlineData("Percentage", null, "needs a fuzzyFactor")]
    [InlineData("NumberOfLetters", null, "needs a fuzzyFactor")]
    [InlineData("Percentage", 0, "fuzzyFactor 0 is no percentage")]
    [InlineData("Percentage", 101, "fuzzyFactor 101 is no percentage")]
    [InlineData("NumberOfLetters", -1, "fuzzyFactor -1 is negative")]
    public async Task Bad_fuzzy_settings_answer_400_before_a_task_starts(string type, int? factor, string detail)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var problem = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Searches/SearchAsync", new { searchCommand = "maple", fuzzyType = type, fuzzyFactor = factor }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.Str("detail").Should().Contain(detail);
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Searches/SearchAsync", new { searchCommand = "maple", fuzzyType = "Sometimes", fuzzyFactor = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Word_searches_ignore_letter_case_and_accents_beyond_ascii()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var school = await client.CreateFolderAsync(1, "École Ärzte");
        await client.SetFieldsAsync(school.Id(), new { name = "Comment", values = new[] { "Über die Straße" } });
        await client.SetFieldsAsync((await client.CreateFolderAsync(1, "Other")).Id(), new { name = "Comment", values = new[] { "uber alles" } });

        (await client.SearchNamesAsync("{LF:Name=\"école*\"}")).Should().Equal("École Ärzte");
        (await client.SearchNamesAsync("{LF:Name ~= \"ecole\"}")).Should().Equal("École Ärzte");
        (await client.SearchNamesAsync("{[]:[Comment]=\"ÜBER*\"}")).Should().Equal("École Ärzte");
        (await client.SearchNamesAsync("{[]:[Comment]=\"über die straße\"}")).Should().Equal("École Ärzte");
        (await client.SearchNamesAsync("{[]:[Comment] ~= \"uber\"}")).Should().BeEquivalentTo("École Ärzte", "Other");
        (await client.SearchNamesAsync("{[]:[Comment] ~= \"strasse\"}")).Should().BeEmpty();
    }
}
