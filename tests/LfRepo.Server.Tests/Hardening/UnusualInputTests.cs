using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Hardening;

/// <summary>Inputs that once ended in a 500 or were taken wrongly: each gets the spec's meaning or a 400 naming the problem.</summary>
public sealed class UnusualInputTests
{
    private const int Root = 1;

    private static StringContent Json(string json, string contentType = "application/json") =>
        new(json, Encoding.UTF8) { Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType) } };

    [Fact]
    public async Task An_empty_taskIds_lists_every_task_of_the_token()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(Root, "Gone");
        var taskId = await client.StartDeleteAsync(folder.Id());
        await client.WaitForTaskAsync(taskId);

        var tasks = await (await client.GetAsync($"{LfRepoApp.V2}/Tasks?taskIds=")).ShouldBeJsonAsync(HttpStatusCode.OK);

        tasks["value"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).Should().Equal(taskId);
    }

    [Fact]
    public async Task An_empty_fields_asks_for_no_fields_in_listings_and_searches()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFolderAsync(Root, "Listed");

        var listing = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Children?fields=")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var search = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches?fields=&fields=", new { searchCommand = "{LF:Name=\"Listed\"}" }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);

        listing["value"]![0]!["name"]!.GetValue<string>().Should().Be("Listed");
        listing["value"]![0]!["fields"].Should().BeNull();
        search["value"]!.AsArray().Should().ContainSingle();
        search["value"]![0]!["fields"].Should().BeNull();
    }

    [Fact]
    public async Task A_body_that_is_not_text_in_its_declared_charset_is_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"name\":\"abc\",\"entryType\":\"Folder\"}"));
        body.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-16");

        var response = await client.PostAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Children", body);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.")).Str("detail").Should().Contain("charset");
    }

    [Fact]
    public async Task Word_searches_over_names_with_lone_surrogates_and_long_terms_answer()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.CreateFolderAsync(Root, "a-b");
        var store = app.Services.GetRequiredService<LfRepo.Server.Storage.StoreConnection>();
        await using (var connection = await store.OpenAsync(CancellationToken.None))
        {
            // A name from before names were checked for lone surrogates.
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE Entries SET Name = @name, NameKey = @name WHERE Name = 'a-b'";
            LfRepo.Server.Storage.StoreCommands.AddWithValue(command, "@name", "a-\ud800b");
            await command.ExecuteNonQueryAsync();
        }

        var dash = await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = "{LF:Name~=\"a-\"}" });
        var huge = await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = "{LF:Name~=\"" + new string('x', 100_000) + "\"}" });

        await dash.ShouldBeJsonAsync(HttpStatusCode.OK);
        (await huge.ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Searches_past_the_term_limit_are_refused_before_any_task_starts()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var many = string.Join(" & ", Enumerable.Repeat("{LF:Name=\"a\"}", 3000));
        var allowed = string.Join(" & ", Enumerable.Repeat("{LF:Name=\"a\"}", 499));

        var simple = await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = many });
        var started = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Searches/SearchAsync", new { searchCommand = many });
        var nested = await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = new string('(', 5000) + "a" + new string(')', 5000) });
        var atLimit = await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = allowed });

        (await simple.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The search has too many terms.")).Str("detail").Should().Contain("500");
        await started.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The search has too many terms.");
        await nested.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The search has too many terms.");
        await atLimit.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_proximity_distance_past_the_limit_is_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = "contract ^99999999999 signed" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Search syntax error.")).Str("detail").Should().Contain("99999999999");
    }

    [Fact]
    public async Task Table_numbers_out_of_range_and_text_that_is_not_Unicode_are_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var overflow = await client.GetAsync("/odata4/table/Products?$filter=Price eq 1e400");
        var surrogate = await client.PostAsync("/odata4/table/Products", Json("{\"_key\":\"x1\",\"Name\":\"\\ud800\"}"));
        var invalidUtf8 = new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"_key\":\"x2\",\"Name\":\""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")]);
        invalidUtf8.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var utf8 = await client.PostAsync("/odata4/table/Products", invalidUtf8);

        (await overflow.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option.")).Str("detail").Should().Contain("out of range");
        await surrogate.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid table row.");
        await utf8.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid table row.");
        (await client.GetAsync("/odata4/table/Products('x1')")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(new byte[] { 0x53, 0x6B, 0x75, 0x0A, 0xFF, 0xFE, 0x0A })]
    [InlineData(new byte[] { 0x53, 0x6B, 0x75, 0x0A, 0x41, 0x00, 0x42, 0x0A })]
    public async Task A_table_CSV_that_is_not_UTF_8_text_or_holds_NUL_replaces_nothing(byte[] csv)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var body = new MultipartFormDataContent { { new ByteArrayContent(csv), "file", "rows.csv" } };

        var response = await client.PostAsync("/odata4/table/Products/ReplaceAllRowsAsync", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid table CSV.");
        var rows = await (await client.GetAsync("/odata4/table/Products?$count=true&$top=1")).ShouldBeJsonAsync(HttpStatusCode.OK);
        rows["@odata.count"]!.GetValue<int>().Should().Be(300);
    }

    [Fact]
    public async Task The_largest_startingPartNumber_is_400()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/CreateMultipartUploadUrls",
            new { startingPartNumber = int.MaxValue, numberOfParts = 1, fileName = "a.bin", mimeType = "application/octet-stream" });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.");
    }

    public static TheoryData<string, byte[]> UndecodableImages()
    {
        var png = TestFiles.Png(4, 3);
        var garbagePng = png.ToArray();
        for (var i = 41; i < garbagePng.Length - 12; i++)
        {
            garbagePng[i] = 0xAB;
        }
        var hugePng = png.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(hugePng.AsSpan(16), 65536);
        BinaryPrimitives.WriteInt32BigEndian(hugePng.AsSpan(20), 32768);
        var hugeBmp = TestFiles.Bmp24(2, 2, (_, _) => (1, 2, 3));
        BinaryPrimitives.WriteInt32LittleEndian(hugeBmp.AsSpan(18), 46341);
        BinaryPrimitives.WriteInt32LittleEndian(hugeBmp.AsSpan(22), 46341);
        byte[] garbageGif = [.. "GIF89a"u8.ToArray(), 10, 0, 10, 0, 0x80, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        return new() { { "garbage.png", garbagePng }, { "huge.png", hugePng }, { "huge.bmp", hugeBmp }, { "garbage.gif", garbageGif } };
    }

    [Theory]
    [MemberData(nameof(UndecodableImages))]
    public async Task Images_that_cannot_be_decoded_are_refused_at_import(string fileName, byte[] bytes)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostImportAsync(Root, bytes, fileName, new { name = "Bad image" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid file.")).Str("detail").Should().Contain(fileName);
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5CBad%20image")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task A_text_file_of_form_feeds_past_the_page_limit_is_refused()
    {
        await using var app = new LfRepoApp(("LfRepo:Documents:MaxImportPages", "50"));
        var client = await app.CreateSignedInClientAsync();

        var tooMany = await client.PostImportAsync(Root, Encoding.ASCII.GetBytes(new string('\f', 10_000)), "ff.txt", new { name = "Feeds" });
        var atLimit = await client.ImportAsync(Root, Encoding.ASCII.GetBytes(new string('\f', 49)), "ff.txt", new { name = "Fifty" });

        (await tooMany.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid file.")).Str("detail").Should().Contain("at most 50");
        atLimit["pageCount"]!.GetValue<int>().Should().Be(50);
        await app.ShouldHaveASoundStoreAsync();
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("12,34.5")]
    [InlineData("1,2345")]
    public async Task A_number_field_takes_thousands_separators_only_in_groups_of_three(string value)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(Root, "F");

        var response = await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields", new { fields = new[] { new { name = "Amount", values = new[] { value } } } });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid field value.")).Str("detail").Should().Contain(value);
    }

    [Fact]
    public async Task A_constraint_must_match_the_whole_value_including_a_final_newline()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(Root, "F");
        var url = $"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields";

        var newline = await client.PutAsJsonAsync(url, new { fields = new[] { new { name = "Invoice Number", values = new[] { "ABC-1\n" } } } });
        var plain = await client.PutAsJsonAsync(url, new { fields = new[] { new { name = "Invoice Number", values = new[] { "ABC-1" } } } });

        (await newline.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid field value.")).Str("detail").Should().Contain("ABC-123");
        await plain.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Names_with_a_slash_or_a_lone_surrogate_are_refused()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var url = $"{LfRepoApp.V2}/Entries/{Root}/Folder/Children";

        var slash = await client.PostAsync(url, Json("{\"name\":\"a/b\",\"entryType\":\"Folder\"}"));
        var surrogate = await client.PostAsync(url, Json("{\"name\":\"x\\ud800\",\"entryType\":\"Folder\"}"));

        (await slash.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid entry name.")).Str("detail").Should().Contain("forward slash");
        await surrogate.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5Ca%2Fb")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_of_the_wrong_type_is_described_in_JSON_terms()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Children", Json("{\"name\":\"x\",\"entryType\":\"Folder\",\"targetId\":\"abc\"}"));

        var detail = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid request.")).Str("detail");
        detail.Should().Contain("$.targetId").And.Contain("an integer").And.NotContain("System.").And.NotContain("request field is required");
    }

    [Fact]
    public async Task HEAD_answers_like_GET_without_a_body()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{LfRepoApp.V2}/Entries/{Root}"));
        var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{LfRepoApp.V2}/Entries/4242"));

        (await head.Content.ReadAsStringAsync()).Should().BeEmpty();
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task The_error_header_is_bounded_whatever_the_input()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Children", new { name = new string('é', 300_000), entryType = "Folder" });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid entry name.");
        var header = response.Headers.GetValues("X-APIServer-Error").Single();
        header.Length.Should().BeLessThanOrEqualTo(1024);
        Uri.UnescapeDataString(header).Should().StartWith("The name is 300000 characters long");
    }

    [Fact]
    public async Task Exported_file_and_zip_member_names_hold_no_path()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, TestFiles.Tiff(2), "scan.tif", new { name = "Scan" });
        var store = app.Services.GetRequiredService<LfRepo.Server.Storage.StoreConnection>();
        await using (var connection = await store.OpenAsync(CancellationToken.None))
        {
            // A name from before slashes were refused.
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE Entries SET Name = '../../../../etc/x', NameKey = '../../../../ETC/X' WHERE Id = {entry.Id()}";
            await command.ExecuteNonQueryAsync();
        }

        var zip = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PNG", pagePrefix = ", Page " } });

        var fileName = zip.Content.Headers.ContentDisposition!.FileNameStar!;
        fileName.Should().NotContain("/").And.NotStartWith(".");
        using var archive = new ZipArchive(new MemoryStream(await zip.Content.ReadAsByteArrayAsync()));
        archive.Entries.Select(e => e.FullName).Should().Equal("_.._.._.._etc_x, Page 1.png", "_.._.._.._etc_x, Page 2.png");
    }
}
