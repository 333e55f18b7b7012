using System.Net;
using System.Text;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Documents;

[Trait("Engine", "Both")]
public sealed class PageContentTests
{
    private const int Root = 1;

    [Fact]
    public async Task GetPageImage_returns_the_stored_image_or_its_TIFF_frame()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var jpeg = TestFiles.Jpeg();
        var photo = await client.ImportAsync(Root, jpeg, "a.jpg", new { name = "Photo" });
        var fax = await client.ImportAsync(Root, TestFiles.Tiff(3), "a.tif", new { name = "Fax" });

        var image = await client.GetAsync($"{LfRepoApp.V2}/Entries/{photo.Id()}/Document/Pages/1/Image");
        var frame = await client.GetAsync($"{LfRepoApp.V2}/Entries/{fax.Id()}/Document/Pages/2/Image");

        image.StatusCode.Should().Be(HttpStatusCode.OK);
        image.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        (await image.Content.ReadAsByteArrayAsync()).Should().Equal(jpeg);
        frame.Content.Headers.ContentType!.MediaType.Should().Be("image/tiff");
        TiffFiles.ReadFrames(new MemoryStream(await frame.Content.ReadAsByteArrayAsync())).Should().ContainSingle().Which.Width.Should().Be(7);
    }

    [Fact]
    public async Task GetPageText_returns_the_text_of_a_page()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var notes = await client.ImportAsync(Root, Encoding.UTF8.GetBytes("one\ftwo"), "a.txt", new { name = "Notes" });
        var scan = await client.ImportAsync(Root, TestFiles.Png(), "a.png", new { name = "Scan" });

        var text = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{notes.Id()}/Document/Pages/2/Text")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var none = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{scan.Id()}/Document/Pages/1/Text")).ShouldBeJsonAsync(HttpStatusCode.OK);

        text.Str("text").Should().Be("two");
        none.Str("text").Should().BeEmpty();
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{notes.Id()}/Document/Pages/3/Text")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Page not found.");
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{notes.Id()}/Document/Pages/1/Image")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Page not found.");
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{Root}/Document/Pages/1/Text")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a document.");
    }

    [Fact]
    public async Task ListPageInfos_pages_through_the_pages()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var body = DocumentClient.ImportBody(Encoding.UTF8.GetBytes("a\fbb\fccc\fdddd"), "a.txt", new { name = "Four" });
        body.Add(new ByteArrayContent(TestFiles.Png(5, 3)), "imageFiles", "p.png");
        var entry = await (await client.PostAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Import", body)).ShouldBeJsonAsync(HttpStatusCode.Created);

        var pages = await client.ReadAllPagesAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Document/Pages?$count=true", prefer: "odata.maxpagesize=2");

        pages.Should().HaveCount(3);
        pages[0]["@odata.count"]!.GetValue<int>().Should().Be(5);
        var infos = pages.SelectMany(p => p["value"]!.AsArray()).Select(v => v!.AsObject()).ToList();
        infos.Select(i => i["pageNumber"]!.GetValue<int>()).Should().Equal(1, 2, 3, 4, 5);
        infos.Select(i => i["textDataSize"]!.GetValue<long>()).Should().Equal(1, 2, 3, 4, 0);
        infos[4]["hasImage"]!.GetValue<bool>().Should().BeTrue();
        (infos[4]["imageWidth"]!.GetValue<int>(), infos[4]["imageHeight"]!.GetValue<int>()).Should().Be((5, 3));
        infos[0]["hasImage"]!.GetValue<bool>().Should().BeFalse();

        var some = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Document/Pages?pageRange=2,4-5&$top=2&$select=pageNumber"))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        some["value"]!.AsArray().Select(v => v!["pageNumber"]!.GetValue<int>()).Should().Equal(2, 4);
        some["value"]![0]!.AsObject().Select(p => p.Key).Should().Equal("pageNumber");
        some.ContainsKey("@odata.nextLink").Should().BeFalse("$top=2 was reached");

        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Document/Pages?$orderby=pageNumber")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var pastTheEnd = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Document/Pages?pageRange=1-10"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        pastTheEnd.Str("detail").Should().Contain("page 10").And.Contain("5 page(s)");
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{Root}/Document/Pages")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a document.");
    }
}
