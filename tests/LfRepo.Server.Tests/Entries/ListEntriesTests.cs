using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Entries;

[Trait("Engine", "Both")]
public sealed class ListEntriesTests
{
    private static string Children(int id, string query = "") => $"{LfRepoApp.V2}/Entries/{id}/Folder/Children{query}";

    private static async Task<(LfRepoApp App, HttpClient Client, int FolderId)> FolderWithAsync(params string[] names)
    {
        var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "List");
        foreach (var name in names)
        {
            await client.CreateFolderAsync(folder.Id(), name);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        return (app, client, folder.Id());
    }

    private static List<string> Names(JsonObject page) => page["value"]!.AsArray().Select(e => e!.AsObject().Str("name")).ToList();

    [Fact]
    public async Task Lists_children_by_name_with_row_numbers_and_types()
    {
        var (app, client, folder) = await FolderWithAsync("charlie", "Alpha", "bravo");
        await using var _ = app;

        var page = await (await client.GetAsync(Children(folder))).ShouldBeJsonAsync(HttpStatusCode.OK);

        Names(page).Should().Equal("Alpha", "bravo", "charlie");
        page["value"]!.AsArray().Select(e => e!["rowNumber"]!.GetValue<int>()).Should().Equal(1, 2, 3);
        page["value"]![0]!.AsObject().Str("@odata.type").Should().Be("#Laserfiche.Repository.Folder");
        page.Str("@odata.context").Should().Contain("$metadata#Collection(Laserfiche.Repository.Entry)");
        page.ContainsKey("@odata.nextLink").Should().BeFalse();
        page.ContainsKey("@odata.count").Should().BeFalse();
    }

    [Theory]
    [InlineData("maxpagesize=2")]
    [InlineData("odata.maxpagesize=2")]
    [InlineData("return=minimal; odata.maxpagesize=2")]
    public async Task Prefer_pages_are_followed_by_absolute_next_links_to_the_end(string prefer)
    {
        var (app, client, folder) = await FolderWithAsync("a", "b", "c", "d", "e");
        await using var _ = app;

        var pages = await client.ReadAllPagesAsync(Children(folder, "?$count=true"), prefer);

        pages.Select(p => Names(p).Count).Should().Equal(2, 2, 1);
        pages.SelectMany(Names).Should().Equal("a", "b", "c", "d", "e");
        pages.SelectMany(p => p["value"]!.AsArray().Select(e => e!["rowNumber"]!.GetValue<int>())).Should().Equal(1, 2, 3, 4, 5);
        pages.Should().AllSatisfy(p => p["@odata.count"]!.GetValue<long>().Should().Be(5));
        var link = pages[0].Str("@odata.nextLink");
        new Uri(link).IsAbsoluteUri.Should().BeTrue();
        link.Should().Contain("/LFRepositoryAPI/v2/Repositories/r-emulator/Entries/");
    }

    [Fact]
    public async Task Next_links_keep_the_page_size_without_the_prefer_header()
    {
        var (app, client, folder) = await FolderWithAsync("a", "b", "c");
        await using var _ = app;
        using var first = new HttpRequestMessage(HttpMethod.Get, Children(folder));
        first.Headers.TryAddWithoutValidation("Prefer", "maxpagesize=1");
        var page1 = await (await client.SendAsync(first)).ShouldBeJsonAsync(HttpStatusCode.OK);

        var page2 = await (await client.GetAsync(page1.Str("@odata.nextLink"))).ShouldBeJsonAsync(HttpStatusCode.OK);

        Names(page2).Should().Equal("b");
    }

    [Fact]
    public async Task Orderby_sorts_by_several_terms_and_pages_stay_stable()
    {
        var (app, client, folder) = await FolderWithAsync("a", "b", "c", "d");
        await using var _ = app;

        var byTimeDesc = await client.ReadAllPagesAsync(Children(folder, "?$orderby=creationTime desc,name asc"), "maxpagesize=3");
        var byTypeThenName = await (await client.GetAsync(Children(folder, "?$orderby=entryType,name desc"))).ShouldBeJsonAsync(HttpStatusCode.OK);

        byTimeDesc.SelectMany(Names).Should().Equal("d", "c", "b", "a");
        Names(byTypeThenName).Should().Equal("d", "c", "b", "a");
    }

    [Fact]
    public async Task Top_and_skip_cut_the_listing_and_next_links_respect_top()
    {
        var (app, client, folder) = await FolderWithAsync("a", "b", "c", "d", "e", "f");
        await using var _ = app;

        var skipped = await (await client.GetAsync(Children(folder, "?$skip=2&$top=2"))).ShouldBeJsonAsync(HttpStatusCode.OK);
        var paged = await client.ReadAllPagesAsync(Children(folder, "?$skip=1&$top=4"), "maxpagesize=3");

        Names(skipped).Should().Equal("c", "d");
        skipped["value"]![0]!["rowNumber"]!.GetValue<int>().Should().Be(3);
        skipped.ContainsKey("@odata.nextLink").Should().BeFalse();
        paged.SelectMany(Names).Should().Equal("b", "c", "d", "e");
    }

    [Fact]
    public async Task Select_keeps_identity_members()
    {
        var (app, client, folder) = await FolderWithAsync("a");
        await using var _ = app;

        var page = await (await client.GetAsync(Children(folder, "?$select=creator"))).ShouldBeJsonAsync(HttpStatusCode.OK);

        page["value"]![0]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("@odata.type", "id", "name", "entryType", "rowNumber", "creator");
    }

    [Fact]
    public async Task GroupByEntryType_lists_folders_before_shortcuts()
    {
        var (app, client, folder) = await FolderWithAsync("m-folder");
        await using var _ = app;
        await (await client.PostAsJsonAsync(Children(folder), new { name = "a-shortcut", entryType = "Shortcut", targetId = 1 })).ShouldBeJsonAsync(HttpStatusCode.Created);
        await client.CreateFolderAsync(folder, "z-folder");

        var grouped = await (await client.GetAsync(Children(folder, "?groupByEntryType=true"))).ShouldBeJsonAsync(HttpStatusCode.OK);
        var plain = await (await client.GetAsync(Children(folder))).ShouldBeJsonAsync(HttpStatusCode.OK);

        Names(grouped).Should().Equal("m-folder", "z-folder", "a-shortcut");
        Names(plain).Should().Equal("a-shortcut", "m-folder", "z-folder");
    }

    [Fact]
    public async Task Paging_a_large_folder_visits_every_child_once()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Big");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async worker =>
        {
            for (var i = worker; i < 400; i += 4)
            {
                await client.CreateFolderAsync(folder.Id(), $"child {i:D4}");
            }
        }));

        var pages = await client.ReadAllPagesAsync(Children(folder.Id(), "?$orderby=name desc"), "maxpagesize=150");

        pages.Should().HaveCount(3);
        var names = pages.SelectMany(Names).ToList();
        names.Should().HaveCount(400).And.OnlyHaveUniqueItems().And.BeInDescendingOrder(StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("?$top=abc", "$top")]
    [InlineData("?$top=-1", "$top")]
    [InlineData("?$top=151", "$top")]
    [InlineData("?$skip=x", "$skip")]
    [InlineData("?$count=maybe", "$count")]
    [InlineData("?$orderby=nope", "$orderby")]
    [InlineData("?$orderby=name sideways", "$orderby")]
    [InlineData("?$orderby=id,name,creator,creationTime,lastModifiedTime,entryType", "$orderby")]
    [InlineData("?$orderby=rowNumber", "$orderby")]
    [InlineData("?$select=nope", "$select")]
    [InlineData("?$filter=name eq 'a'", "$filter")]
    [InlineData("?$skiptoken=garbage", "$skiptoken")]
    [InlineData("?$top=1&$top=2", "$top")]
    public async Task Bad_options_are_400_naming_the_option(string query, string option)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var problem = await (await client.GetAsync(Children(1, query))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Str("detail").Should().Contain(option);
    }

    [Fact]
    public async Task A_bad_prefer_page_size_is_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Children(1));
        request.Headers.TryAddWithoutValidation("Prefer", "maxpagesize=0");

        (await (await client.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("Prefer");
    }

    [Fact]
    public async Task Listing_a_missing_entry_or_a_non_folder_fails()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var shortcut = await (await client.PostAsJsonAsync(Children(1), new { name = "S", entryType = "Shortcut", targetId = 1 })).ShouldBeJsonAsync(HttpStatusCode.Created);

        await (await client.GetAsync(Children(404))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync(Children(shortcut.Id()))).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a folder.");
    }
}
