using System.Net;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.UserAreas;

[Trait("Engine", "Both")]
public sealed class RecentEntriesTests
{
    private const string V1 = LfRepoApp.Base + "/v1/Repositories/" + LfRepoApp.RepositoryId;

    [Fact]
    public async Task Both_lists_are_empty_for_a_new_user()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await client.GetArrayAsync("RecentDocuments")).Should().BeEmpty();
        (await client.GetArrayAsync("RecentFolders")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_listed_folder_becomes_the_most_recent_and_moves_up_when_listed_again()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var b = await client.CreateFolderAsync(1, "B");

        await client.GetAsync($"{LfRepoApp.V2}/Entries/{a.Id()}/Folder/Children");
        await client.GetAsync($"{LfRepoApp.V2}/Entries/{b.Id()}/Folder/Children");
        (await client.GetArrayAsync("RecentFolders")).EntryIds().Should().Equal(b.Id(), a.Id());
        await client.GetAsync($"{V1}/Entries/{a.Id()}/Laserfiche.Repository.Folder/children");

        var recent = await client.GetArrayAsync("RecentFolders");
        recent.EntryIds().Should().Equal(a.Id(), b.Id());
        recent[0]!["fullPath"]!.GetValue<string>().Should().Be(@"\A");
        (await client.GetArrayAsync("RecentDocuments")).Should().BeEmpty("listing folders records no documents");
    }

    [Fact]
    public async Task Only_a_successful_listing_counts()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var document = await client.ImportAsync(1, TestFiles.Png(), "scan.png", new { name = "Scan" });

        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{document.Id()}/Folder/Children")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/9999/Folder/Children")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        (await client.GetArrayAsync("RecentFolders")).Should().BeEmpty();
    }

    [Fact]
    public async Task Exporting_a_document_or_reading_a_page_image_makes_it_recent_newest_first()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var scan = await client.ImportAsync(1, TestFiles.Png(), "scan.png", new { name = "Scan" });
        var fax = await client.ImportAsync(1, TestFiles.Tiff(2), "fax.tif", new { name = "Fax" });
        var report = await client.ImportAsync(1, TestFiles.Pdf(1), "report.pdf", new { name = "Report" }, "application/pdf");
        (await client.GetArrayAsync("RecentDocuments")).Should().BeEmpty("importing is not opening");

        await client.ExportAndDownloadAsync(scan.Id(), new { part = "Image", imageFormat = "PNG" });
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/{fax.Id()}/Document/Pages/1/Image")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"{V1}/Entries/{report.Id()}/Laserfiche.Repository.Document/edoc")).StatusCode.Should().Be(HttpStatusCode.OK);

        var recent = await client.GetArrayAsync("RecentDocuments");
        recent.EntryIds().Should().Equal(report.Id(), fax.Id(), scan.Id());
        recent[2]!["fullPath"]!.GetValue<string>().Should().Be(@"\Scan");
        (await client.GetArrayAsync("RecentDocuments?documentLimit=2")).EntryIds().Should().Equal(report.Id(), fax.Id());
        (await client.GetArrayAsync("RecentDocuments?documentLimit=0")).Should().BeEmpty();
        (await client.GetArrayAsync("RecentFolders")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_negative_documentLimit_is_a_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        (await (await client.GetAsync($"{LfRepoApp.V2}/RecentDocuments?documentLimit=-1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request."))
            .Str("detail").Should().Contain("documentLimit");
        await (await client.GetAsync($"{LfRepoApp.V2}/RecentDocuments?documentLimit=many")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"{LfRepoApp.V2}/RecentFolders?$top=3")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option.");
    }

    [Fact]
    public async Task Recent_lists_are_per_user()
    {
        await using var app = new LfRepoApp();
        await app.AddUserAsync("user1", "user1");
        var admin = await app.CreateSignedInClientAsync();
        var user1 = await app.CreateSignedInClientAsync("user1", "user1");
        var a = await admin.CreateFolderAsync(1, "A");

        await admin.GetAsync($"{LfRepoApp.V2}/Entries/{a.Id()}/Folder/Children");
        await user1.GetAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children");

        (await admin.GetArrayAsync("RecentFolders")).EntryIds().Should().Equal(a.Id());
        (await user1.GetArrayAsync("RecentFolders")).EntryIds().Should().Equal(1);
    }

    [Fact]
    public async Task A_recent_list_keeps_the_50_most_recent()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folders = new List<int>();
        for (var i = 0; i < 51; i++)
        {
            var folder = await client.CreateFolderAsync(1, $"F{i:D2}");
            folders.Add(folder.Id());
            await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Folder/Children");
        }

        var recent = await client.GetArrayAsync("RecentFolders");

        recent.EntryIds().Should().Equal(Enumerable.Reverse(folders).Take(50));
    }
}
