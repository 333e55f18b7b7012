using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Metadata;
using SkiaSharp;

namespace LfRepo.Server.Tests.Stamps;

[Trait("Engine", "Both")]
public sealed class StampTests
{
    private const string Stamps = LfRepoApp.V2 + "/Stamps";

    /// <summary>A 2 × 1 BMP: a black pixel, then a white one.</summary>
    private static readonly byte[] BlackWhite = TestFiles.Bmp24(2, 1, (x, _) => x == 0 ? ((byte)0, (byte)0, (byte)0) : ((byte)255, (byte)255, (byte)255));

    private static async Task<HttpResponseMessage> CreateAsync(HttpClient client, string? query, byte[]? image = null, string fileName = "stamp.bmp")
    {
        var form = new MultipartFormDataContent { { new StringContent("a note"), "comment" } };
        if (image is not null)
        {
            form.Add(new ByteArrayContent(image) { Headers = { ContentType = new MediaTypeHeaderValue("image/bmp") } }, "file", fileName);
        }
        return await client.PostAsync(Stamps + (query is null ? "" : "?" + query), form);
    }

    private static async Task<JsonObject> CreatedAsync(HttpClient client, string query) =>
        await (await CreateAsync(client, query, BlackWhite)).ShouldBeJsonAsync(HttpStatusCode.OK);

    private static async Task<List<string>> NamesAsync(HttpClient client, string query) =>
        [.. await ArrayAsync(await client.GetAsync($"{Stamps}?{query}"))];

    private static async Task<IEnumerable<string>> ArrayAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, "the body was {0}", text);
        return JsonNode.Parse(text)!.AsArray().Select(s => s!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_personal_stamp_is_its_owners_alone_and_a_public_stamp_everybodys()
    {
        await using var app = new LfRepoApp();
        await app.AddUserAsync("stamper", "stamper");
        var admin = await app.CreateSignedInClientAsync();
        var user = await app.CreateSignedInClientAsync("stamper");

        var personal = await CreatedAsync(user, "name=Mine&isPublic=false");
        personal.Str("name").Should().Be("Mine");
        personal["isPublic"]!.GetValue<bool>().Should().BeFalse();
        (personal["imageWidth"]!.GetValue<int>(), personal["imageHeight"]!.GetValue<int>()).Should().Be((2, 1));
        personal.Str("owner").Should().StartWith("S-1-5-21-", "the owner is reported by SID");
        personal.ContainsKey("customData").Should().BeFalse("a stamp has no custom data until UpdateStamp gives it some");
        var shared = await CreatedAsync(admin, "name=Approved&isPublic=true");

        (await NamesAsync(user, "scope=1")).Should().Equal("Mine");
        (await NamesAsync(user, "scope=0")).Should().Equal("Approved");
        (await NamesAsync(user, "")).Should().Equal(["Approved"], "Public is the default scope");
        (await NamesAsync(user, "scope=2")).Should().Equal("Mine", "Approved");
        (await NamesAsync(user, "scope=All&$orderby=name desc")).Should().Equal("Mine", "Approved");
        (await NamesAsync(user, "scope=All&$orderby=name")).Should().Equal("Approved", "Mine");
        (await NamesAsync(admin, "scope=2")).Should().Equal("Approved");

        (await user.GetJsonAsync($"{Stamps}/{personal.Id()}")).Str("name").Should().Be("Mine");
        await (await admin.GetAsync($"{Stamps}/{personal.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "The requested stamp was not found.");
        await (await user.GetAsync($"{Stamps}/{personal.Id()}/Image")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await user.GetAsync($"{Stamps}/{shared.Id()}/Image")).StatusCode.Should().Be(HttpStatusCode.OK);

        var selected = await user.GetJsonAsync($"{Stamps}/{shared.Id()}?$select=name,imageWidth");
        selected.Select(p => p.Key).Should().Equal("name", "imageWidth");
    }

    [Fact]
    public async Task Public_stamps_need_the_ManageStamps_privilege_to_create_change_and_delete()
    {
        await using var app = new LfRepoApp();
        await app.AddUserAsync("stamper", "stamper");
        var admin = await app.CreateSignedInClientAsync();
        var user = await app.CreateSignedInClientAsync("stamper");
        var shared = await CreatedAsync(admin, "name=Approved&isPublic=true");

        (await (await CreateAsync(user, "name=Shared&isPublic=true", BlackWhite)).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("ManageStamps");
        await (await user.PatchJsonAsync($"{Stamps}/{shared.Id()}", new { name = "Mine now" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await user.DeleteAsync($"{Stamps}/{shared.Id()}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await NamesAsync(user, "scope=0")).Should().Equal("Approved");

        var changed = await (await admin.PatchJsonAsync($"{Stamps}/{shared.Id()}", new { customData = "{\"dept\":\"legal\"}" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (changed.Str("name"), changed.Str("customData")).Should().Be(("Approved", "{\"dept\":\"legal\"}"), "a member left out stays as it was");
        (await (await admin.PatchJsonAsync($"{Stamps}/{shared.Id()}", new { name = "Reviewed" })).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("customData").Should().Be("{\"dept\":\"legal\"}");

        (await admin.DeleteAsync($"{Stamps}/{shared.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"{Stamps}/{shared.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"{Stamps}/{shared.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_personal_stamp_is_managed_by_its_owner_and_is_not_found_by_anybody_else()
    {
        await using var app = new LfRepoApp();
        await app.AddUserAsync("stamper", "stamper");
        await app.AddUserAsync("other", "other");
        var user = await app.CreateSignedInClientAsync("stamper");
        var other = await app.CreateSignedInClientAsync("other");
        var personal = await CreatedAsync(user, "name=Mine");

        await (await other.PatchJsonAsync($"{Stamps}/{personal.Id()}", new { name = "Taken" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"{Stamps}/{personal.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await user.PatchJsonAsync($"{Stamps}/{personal.Id()}", new { name = "Still mine" })).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("name").Should().Be("Still mine");
        (await user.DeleteAsync($"{Stamps}/{personal.Id()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await NamesAsync(user, "scope=1")).Should().BeEmpty();
    }

    [Fact]
    public async Task GetStampImage_gives_the_stamp_as_grayscale_PNG_and_with_a_color_makes_black_that_color_and_white_transparent()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var id = (await CreatedAsync(admin, "name=Red&isPublic=true")).Id();

        var plain = await admin.GetAsync($"{Stamps}/{id}/Image");
        plain.StatusCode.Should().Be(HttpStatusCode.OK);
        plain.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        using (var bitmap = SKBitmap.Decode(await plain.Content.ReadAsByteArrayAsync()))
        {
            (bitmap.Width, bitmap.Height).Should().Be((2, 1));
            (bitmap.GetPixel(0, 0), bitmap.GetPixel(1, 0)).Should().Be((new SKColor(0, 0, 0), new SKColor(255, 255, 255)));
        }

        var tinted = await admin.GetAsync($"{Stamps}/{id}/Image?color=%23FF0000");
        tinted.StatusCode.Should().Be(HttpStatusCode.OK);
        using var red = SKBitmap.Decode(await tinted.Content.ReadAsByteArrayAsync());
        red.GetPixel(0, 0).Should().Be(new SKColor(255, 0, 0, 255));
        red.GetPixel(1, 0).Alpha.Should().Be(0);

        (await (await admin.GetAsync($"{Stamps}/{id}/Image?color=red")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid stamp.")).Str("detail").Should().Contain("#RRGGBB");
    }

    [Fact]
    public async Task A_stamp_annotation_places_a_stamp_its_user_sees_and_is_refused_another_users_personal_stamp()
    {
        await using var app = new LfRepoApp();
        await app.AddUserAsync("stamper", "stamper");
        var admin = await app.CreateSignedInClientAsync();
        var user = await app.CreateSignedInClientAsync("stamper");
        var shared = (await CreatedAsync(admin, "name=Approved&isPublic=true")).Id();
        var personal = (await CreatedAsync(user, "name=Mine")).Id();
        var doc = (await admin.ImportAsync(1, TestFiles.Png(200, 100), "page.png", new { name = "Stamped" })).Id();
        var annotations = $"{LfRepoApp.V2}/Entries/{doc}/Pages/1/Annotations";

        var placed = await (await admin.PostAsJsonAsync(annotations, new { annotationType = "Stamp", stampId = shared, coordinates = new { x = 5, y = 5, width = 40, height = 20 } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        placed["stampId"]!.GetValue<int>().Should().Be(shared);
        (await (await admin.PostAsJsonAsync(annotations, new { annotationType = "Stamp", stampId = personal })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Unknown stamp."))
            .Str("detail").Should().Contain(personal.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Bad_stamp_requests_are_400_problems_saying_what_is_wrong_and_create_nothing()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();

        (await (await CreateAsync(admin, "name=NoFile")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("'file'");
        (await (await CreateAsync(admin, null, BlackWhite)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("name");
        (await (await CreateAsync(admin, "name=Junk", "not an image at all"u8.ToArray(), "junk.png")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid stamp.")).Str("detail")
            .Should().Contain("cannot be read");
        (await (await CreateAsync(admin, "name=Bad&isPublic=maybe", BlackWhite)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("isPublic");
        (await (await CreateAsync(admin, "name=" + new string('n', 256), BlackWhite)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("255");
        (await (await admin.PostAsJsonAsync(Stamps + "?name=Json", new { file = "x" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("multipart/form-data");
        (await (await admin.GetAsync($"{Stamps}?scope=7")).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("StampScope");
        await (await admin.GetAsync($"{Stamps}?$select=nope")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync($"{Stamps}?$top=1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync($"{Stamps}/999")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "The requested stamp was not found.");

        (await NamesAsync(admin, "scope=2")).Should().BeEmpty();
    }
}
