using System.Net;
using System.Text.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Documents;

/// <summary>Text pages travel in the request part, which streams in up to LfRepo:Documents:MaxRequestPartBytes.</summary>
[Trait("Engine", "Both")]
public sealed class LargeTextPartTests
{
    private static string LongText(int length) => string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", length / 45 + 1))[..length];

    [Fact]
    public async Task CreatePages_and_WritePage_take_text_pages_larger_than_one_MiB()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateEmptyDocumentAsync("Long text");
        var three = LongText(3 * 1024 * 1024);
        var two = LongText(2 * 1024 * 1024 + 7);

        (await client.CreatePagesAsync(id, textPages: [three, "short"]))["pageCount"]!.GetValue<int>().Should().Be(2);
        using var write = new MultipartFormDataContent { { new StringContent(JsonSerializer.Serialize(new { text = two })), "request" } };
        (await (await client.PutAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/2", write)).ShouldBeJsonAsync(HttpStatusCode.OK))["pageCount"]!.GetValue<int>().Should().Be(2);

        var texts = await client.PageTextsAsync(id);
        texts.Should().HaveCount(2);
        texts[0].Should().Be(three);
        texts[1].Should().Be(two);
    }

    [Fact]
    public async Task A_request_part_past_the_cap_is_413_and_changes_nothing()
    {
        await using var app = new LfRepoApp(("LfRepo:Documents:MaxRequestPartBytes", "100000"));
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Capped", "first");

        var created = await client.PostPagesAsync(id, DocumentEditClient.PagesBody(textPages: [LongText(150_000)]));
        using var write = new MultipartFormDataContent { { new StringContent(JsonSerializer.Serialize(new { text = LongText(150_000) })), "request" } };
        var written = await client.PutAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages/1", write);
        var fits = await client.PostPagesAsync(id, DocumentEditClient.PagesBody(textPages: [LongText(90_000)]));

        (await created.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "Request is too large.")).Str("detail")
            .Should().Be("The multipart part 'request' is larger than 100000 bytes.");
        await written.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "Request is too large.");
        (await fits.ShouldBeJsonAsync(HttpStatusCode.OK))["pageCount"]!.GetValue<int>().Should().Be(2);
        (await client.PageTextsAsync(id)).Should().Equal("first", LongText(90_000));
    }

    [Fact]
    public async Task A_request_part_that_is_not_json_is_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateEmptyDocumentAsync("Bad");
        using var body = new MultipartFormDataContent { { new StringContent("{\"textPages\": [\"a\", "), "request" } };

        var response = await client.PostPagesAsync(id, body);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().StartWith("The multipart part 'request' is not a valid PagesContentRequest");
    }
}
