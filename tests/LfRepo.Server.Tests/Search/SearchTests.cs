using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Search;

[Trait("Engine", "Both")]
public sealed class SearchTests
{
    [Fact]
    public async Task Async_search_lists_results_in_pages_with_row_numbers_and_no_paths()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var hr = await client.CreateFolderAsync(1, "HR");
        await client.CreateFoldersAsync(hr.Id(), 5, "Report");
        await client.CreateFolderAsync(1, "Other");

        var taskId = await client.StartSearchAsync("{LF:Name=\"report*\", Type=F}");
        var first = await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results?$count=true&$top=4&$select=name")).ShouldBeJsonAsync(HttpStatusCode.OK);
        first["@odata.count"]!.GetValue<int>().Should().Be(5);
        var value = first["value"]!.AsArray();
        value.Should().HaveCount(4);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{LfRepoApp.V2}/Searches/{taskId}/Results");
        request.Headers.Add("Prefer", "maxpagesize=2");
        var page = await (await client.SendAsync(request)).ShouldBeJsonAsync(HttpStatusCode.OK);
        page["value"]!.AsArray().Select(v => v!["rowNumber"]!.GetValue<int>()).Should().Equal(1, 2);
        page["value"]![0]!["fullPath"].Should().BeNull();
        var pages = await client.ReadAllPagesAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results", "maxpagesize=2");
        pages.Should().HaveCount(3);
        var all = SearchClient.Rows(pages).ToList();
        all.Select(r => r["rowNumber"]!.GetValue<int>()).Should().Equal(1, 2, 3, 4, 5);
        all.Should().OnlyContain(r => r.Str("name").StartsWith("Report"));

        var reversed = await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results?$orderby=name desc&$top=2")).ShouldBeJsonAsync(HttpStatusCode.OK);
        reversed["value"]!.AsArray().Select(v => v!["rowNumber"]!.GetValue<int>()).Should().Equal(5, 4);
        await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results?$orderby=bogus")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Names_types_lookin_and_basic_select_the_right_entries()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var general = await client.CreateFolderAsync(1, "General");
        var accounting = await client.CreateFolderAsync(general.Id(), "Accounting");
        var travel = await client.CreateFolderAsync(accounting.Id(), "Travel Request");
        await client.CreateFolderAsync(travel.Id(), "Deep search text item");
        await client.CreateFolderAsync(1, "Search Text elsewhere");
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{accounting.Id()}/Folder/Children",
            new { name = "Travel Request Link", entryType = "Shortcut", targetId = travel.Id() })).ShouldBeJsonAsync(HttpStatusCode.Created);

        (await client.SearchNamesAsync("{LF:Name=\"travel request\", Type=FD}")).Should().Equal("Travel Request");
        (await client.SearchNamesAsync("{LF:Name=\"travel*\", Type=S}")).Should().Equal("Travel Request Link");
        (await client.SearchNamesAsync("{LF:Name=\"*\", Type=F} & {LF:Lookin=\"\\General\", Subfolders=N}")).Should().Equal("Accounting");
        (await client.SearchNamesAsync("{LF:Lookin=\"\\General\\Accounting\"}")).Should().BeEquivalentTo("Travel Request", "Travel Request Link", "Deep search text item");
        (await client.SearchNamesAsync($"{{LF:Lookin={accounting.Id()}, Subfolders=N}}")).Should().BeEquivalentTo("Travel Request", "Travel Request Link");
        (await client.SearchNamesAsync("({LF:Basic ~= \"search text\", option=\"DFANLT\"})")).Should().BeEquivalentTo("Deep search text item", "Search Text elsewhere");
        (await client.SearchNamesAsync("{LF:Basic ~= \"search text\", option=\"DFANLT\"} - {LF:Lookin=\"\\General\"}")).Should().Equal("Search Text elsewhere");
        (await client.SearchNamesAsync("{LF:Basic ~= \"*\", option=\"DFANLT\"}")).Should().HaveCount(6);
        (await client.SearchNamesAsync("{LF:ParentName=\"Accounting\"} & {LF:Name=\"*Link\"} | {LF:ID=" + general.Id() + "}")).Should().BeEquivalentTo("Travel Request Link", "General");
        (await client.SearchNamesAsync("{LF:Name=\"[ST]*\"}")).Should().BeEquivalentTo("Search Text elsewhere", "Travel Request", "Travel Request Link");
        (await client.SearchNamesAsync("{LF:Creator=\"admin\"} & {LF:Name=\"General\"}")).Should().Equal("General");
    }

    [Fact]
    public async Task Field_template_tag_and_date_terms_query_metadata()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var b = await client.CreateFolderAsync(1, "B");
        var c = await client.CreateFolderAsync(1, "C");
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{a.Id()}/Template", new
        {
            templateName = "Invoice",
            fields = new object[] { new { name = "Invoice Number", values = new[] { "MAU-770" } }, new { name = "Amount", values = new[] { "6600" } },
                new { name = "Date Received", values = new[] { "2004-05-28" } } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{b.Id()}/Template", new { templateName = "General" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        await client.SetFieldsAsync(c.Id(), new { name = "Keywords", values = new[] { "red", "needs review" } }, new { name = "Amount", values = new[] { "7001" } });
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{c.Id()}/Tags", new { tags = new[] { "Reviewed" } })).ShouldBeJsonAsync(HttpStatusCode.OK);

        (await client.SearchNamesAsync("{[Invoice]}")).Should().Equal("A");
        (await client.SearchNamesAsync("{[]}")).Should().BeEquivalentTo("A", "B");
        (await client.SearchNamesAsync("{[Invoice]:[Invoice Number]=\"mau*\"}")).Should().Equal("A");
        (await client.SearchNamesAsync("{[]:[Amount]>=\"6500\", <=\"7000\"}")).Should().Equal("A");
        (await client.SearchNamesAsync("{[]:[Amount]>7000}")).Should().Equal("C");
        (await client.SearchNamesAsync("{[General]:[Text]=\"\"}")).Should().Equal("B");
        (await client.SearchNamesAsync("{[]:[Date Received]=\"\"}")).Should().Equal("B");
        (await client.SearchNamesAsync("{[Invoice]:[Date Received]>\"5/27/2004\"}")).Should().Equal("A");
        (await client.SearchNamesAsync("{[Invoice]:[Date Received]=\"2004-05-28\"}")).Should().Equal("A");
        (await client.SearchNamesAsync("{[]:[Keywords](2)=\"needs review\"}")).Should().Equal("C");
        (await client.SearchNamesAsync("{[]:[Keywords](1)=\"needs review\"}")).Should().BeEmpty();
        (await client.SearchNamesAsync("{[]:[Keywords](all)=\"*e*\"}")).Should().Equal("C");
        (await client.SearchNamesAsync("{[]:[Keywords]~=\"'needs review'\"}")).Should().Equal("C");
        (await client.SearchNamesAsync("{LF:Tags=\"Reviewed\"}")).Should().Equal("C");
        (await client.SearchNamesAsync("{LF:TemplateName=\"*\"} - {LF:Tags=\"Reviewed\"}")).Should().BeEquivalentTo("A", "B");
        (await client.SearchNamesAsync("{LF:Tags<>\"Reviewed\"}")).Should().BeEquivalentTo("A", "B");
        var today = app.Clock.GetUtcNow().UtcDateTime;
        (await client.SearchNamesAsync($"{{LF:Created=\"{today:yyyy-MM-dd}\"}} & {{LF:Name=\"A\"}}")).Should().Equal("A");
        (await client.SearchNamesAsync($"{{LF:Created<\"{today:M/d/yyyy}\"}}")).Should().BeEmpty();
    }

    [Fact]
    public async Task Context_hits_show_where_the_terms_matched()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Quarterly Windham Ave");
        await client.SetFieldsAsync(folder.Id(), new { name = "Comment", values = new[] { "near Windham Ave corner" } });

        var taskId = await client.StartSearchAsync("{LF:Basic~=\"Windham Ave\", option=\"DFANLT\"}");
        var hits = await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results/1/ContextHits?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        hits["@odata.count"]!.GetValue<int>().Should().Be(2);
        var name = hits["value"]![0]!.AsObject();
        name.Str("hitType").Should().Be("Name");
        name.Str("context").Should().Be("Quarterly Windham Ave");
        name["highlight1Offset"]!.GetValue<int>().Should().Be(10);
        name["highlight1Length"]!.GetValue<int>().Should().Be(7);
        name["highlight2Offset"]!.GetValue<int>().Should().Be(18);
        var field = hits["value"]![1]!.AsObject();
        field.Str("hitType").Should().Be("Field");
        field.Str("fieldName").Should().Be("Comment");
        field["highlight1Offset"]!.GetValue<int>().Should().Be(5);

        await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results/2/ContextHits")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");
    }

    [Fact]
    public async Task Results_expire_five_minutes_after_the_last_read_and_cancelling_closes_them()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFolderAsync(1, "X");
        var taskId = await client.StartSearchAsync("{LF:Name=\"X\"}");
        var url = $"{LfRepoApp.V2}/Searches/{taskId}/Results";

        app.Clock.Advance(TimeSpan.FromMinutes(4));
        await (await client.GetAsync(url)).ShouldBeJsonAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        await client.CreateFolderAsync(1, "X2");
        var refreshed = await (await client.GetAsync(url + "?refresh=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        refreshed["value"]!.AsArray().Should().ContainSingle();
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var expired = await (await client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");
        expired["detail"]!.GetValue<string>().Should().Contain("expired");

        var second = await client.StartSearchAsync("{LF:Name=\"X*\"}");
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Tasks?taskIds={second}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var closed = await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{second}/Results")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");
        closed["detail"]!.GetValue<string>().Should().Contain("cancelled");
        await (await client.GetAsync($"{LfRepoApp.V2}/Searches/nope/Results")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Search not found.");
    }

    [Fact]
    public async Task Simple_search_answers_at_most_100_entries_and_206_when_truncated()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Many");
        await client.CreateFoldersAsync(folder.Id(), 101, "item");

        var partial = await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = "{LF:Name=\"item*\"}" });
        (await partial.ShouldBeJsonAsync(HttpStatusCode.PartialContent))["value"]!.AsArray().Should().HaveCount(100);

        var whole = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches?$count=true&$orderby=name desc", new { searchCommand = "{LF:Name=\"item 0001*\"}" }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        whole["@odata.count"]!.GetValue<int>().Should().Be(10);
        whole["value"]![0]!["name"]!.GetValue<string>().Should().Be("item 00019");
    }

    [Theory]
    [InlineData("{LF:Name=\"abc\"", 7870)]
    [InlineData("(A & B", 7868)]
    [InlineData("{LF:Name=\"abc}", 7855)]
    [InlineData("{LF:Created>\"yesterday\"}", 9161)]
    [InlineData("{LF:Lookin=\"\\Nowhere\"}", 7874)]
    [InlineData("{[Nope]}", 7872)]
    [InlineData("{[Invoice]:[Text]=\"x\"}", 7873)]
    [InlineData("{[]:[Amount]=\"lots\"}", 7876)]
    [InlineData("{[]:[Amount]~=\"5\"}", 9181)]
    [InlineData("{LF:Name=\"[ab-]\"}", 7859)]
    [InlineData("{LF:GeoText=\"x\"}", 9245)]
    public async Task Bad_commands_answer_400_with_the_laserfiche_code(string command, int code)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        foreach (var url in new[] { "/Searches/SearchAsync", "/SimpleSearches" })
        {
            var problem = await (await client.PostAsJsonAsync(LfRepoApp.V2 + url, new { searchCommand = command })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem["errorCode"]!.GetValue<int>().Should().Be(code);
        }
    }

    [Fact]
    public async Task Full_text_searches_page_text_and_context_hits_show_the_line()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var accounting = await client.CreateFolderAsync(1, "Accounting");
        var text = "First page about Transportation costs\fSecond page\nwith maple and cherry pruning";
        var doc = await client.ImportAsync(accounting.Id(), Encoding.UTF8.GetBytes(text), "notes.txt", new { name = "Notes" });
        await client.ImportAsync(1, Encoding.UTF8.GetBytes("nothing relevant"), "other.txt", new { name = "Other" });

        (await client.SearchNamesAsync("Transportation")).Should().Equal("Notes");
        (await client.SearchNamesAsync("{LF:Lookin=\"\\Accounting\"} & transport*")).Should().Equal("Notes");
        (await client.SearchNamesAsync("Report - {LF:Lookin=\"\\Accounting\"}")).Should().BeEmpty();
        (await client.SearchNamesAsync("\"cherry pruning\"")).Should().Equal("Notes");
        (await client.SearchNamesAsync("\"pruning cherry\"")).Should().BeEmpty();
        (await client.SearchNamesAsync("maple ^3 pruning")).Should().Equal("Notes");
        (await client.SearchNamesAsync("maple ^1 pruning")).Should().BeEmpty();
        (await client.SearchNamesAsync("{LF:Basic ~= \"maple cherry\", option=\"D\"}")).Should().Equal("Notes");
        (await client.SearchNamesAsync("{LF:Basic ~= \"relev\", option=\"DT\"}")).Should().Equal("Other");
        (await client.SearchNamesAsync("(maple | relevant) - {LF:Name=\"Notes\"}")).Should().Equal("Other");

        var taskId = await client.StartSearchAsync("pruning");
        var hits = await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results/1/ContextHits")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var hit = hits["value"]!.AsArray().Single()!.AsObject();
        hit.Str("hitType").Should().Be("PageContent");
        hit["pageNumber"]!.GetValue<int>().Should().Be(2);
        hit["pageOffset"]!.GetValue<int>().Should().Be(12);
        hit.Str("context").Should().Be("with maple and cherry pruning");
        hit["highlight1Offset"]!.GetValue<int>().Should().Be(22);
        hit["highlight1Length"]!.GetValue<int>().Should().Be(7);
        await client.CreateFolderAsync(accounting.Id(), "Zeta");
        var grouped = await client.StartSearchAsync("{LF:Lookin=\"\\Accounting\"}");
        var page = await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{grouped}/Results?groupByEntryType=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        page["value"]!.AsArray().Select(v => (v!["name"]!.GetValue<string>(), v["rowNumber"]!.GetValue<int>())).Should().Equal(("Zeta", 2), ("Notes", 1));
        doc.Id().Should().BePositive();
    }

    [Theory]
    [InlineData("*", 9239)]
    [InlineData("tr?nsport", 9084)]
    [InlineData("{LF:Basic ~= \"*\", option=\"D\"}", 9239)]
    public async Task Bad_full_text_terms_answer_400(string command, int code)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var problem = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = command })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errorCode"]!.GetValue<int>().Should().Be(code);
    }

    [Fact]
    public async Task Empty_and_missing_commands_answer_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var missing = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Searches/SearchAsync", new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        missing["detail"]!.GetValue<string>().Should().Contain("searchCommand");
    }
}
