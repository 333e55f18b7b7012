using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Security;

namespace LfRepo.Server.Tests.Annotations;

/// <summary>The Annotations and AnnotationReasons operations over HTTP.</summary>
[Trait("Engine", "Both")]
public sealed class AnnotationTests
{
    private static string PageUrl(int entryId, int page) => $"{LfRepoApp.V2}/Entries/{entryId}/Pages/{page}/Annotations";

    /// <summary>A document of <paramref name="pages"/> 200 x 100 PNG pages.</summary>
    private static async Task<int> ImageDocumentAsync(HttpClient client, int pages = 1)
    {
        var id = (await client.ImportAsync(1, TestFiles.Png(200, 100), "page.png", new { name = "Scan", autoRename = true })).Id();
        for (var i = 1; i < pages; i++)
        {
            await client.CreatePagesAsync(id, [(TestFiles.Png(200, 100), "more.png")]);
        }
        return id;
    }

    private static async Task<JsonObject> CreateAsync(HttpClient client, int entryId, int page, object body) =>
        await (await client.PostAsJsonAsync(PageUrl(entryId, page), body)).ShouldBeJsonAsync(HttpStatusCode.OK);

    private static async Task<JsonArray> ListAsync(HttpClient client, string url) =>
        JsonNode.Parse(await (await client.GetAsync(url)).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!.AsArray();

    private static object Highlight(int x = 10, int y = 10) =>
        new { annotationType = "Highlight", color = "#00ff00", comment = "look", rectangles = new[] { new { x, y, width = 50, height = 20 } } };

    [Fact]
    public async Task An_annotation_is_created_read_listed_changed_and_deleted()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = await ImageDocumentAsync(client, 2);

        var created = await CreateAsync(client, doc, 2, Highlight());
        var itemId = created["itemId"]!.GetValue<int>();
        created["annotationType"]!.GetValue<string>().Should().Be("Highlight");
        created["entryId"]!.GetValue<int>().Should().Be(doc);
        created["pageNumber"]!.GetValue<int>().Should().Be(2);
        created["color"]!.GetValue<string>().Should().Be("#00FF00");
        created["textStart"]!.GetValue<int>().Should().Be(-1);
        created["rectangles"]![0]!["width"]!.GetValue<int>().Should().Be(50);
        created["creator"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        created["createdTime"].Should().NotBeNull();

        var read = await (await client.GetAsync($"{PageUrl(doc, 2)}/{itemId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        read["comment"]!.GetValue<string>().Should().Be("look");
        (await ListAsync(client, PageUrl(doc, 2))).Should().ContainSingle();
        (await ListAsync(client, PageUrl(doc, 1))).Should().BeEmpty();
        var all = await ListAsync(client, $"{LfRepoApp.V2}/Entries/{doc}/Annotations?$select=itemId,pageNumber");
        all.Should().ContainSingle();
        all[0]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("annotationType", "itemId", "pageNumber");

        var changed = await (await client.PatchAsJsonAsync($"{PageUrl(doc, 2)}/{itemId}", new { annotationType = "Highlight", color = "#FF0000" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        changed["color"]!.GetValue<string>().Should().Be("#FF0000");
        changed["comment"]!.GetValue<string>().Should().Be("look", "omitted members are left unchanged");

        var mismatch = await (await client.PatchAsJsonAsync($"{PageUrl(doc, 2)}/{itemId}", new { annotationType = "Note" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        mismatch["errorCode"]!.GetValue<int>().Should().Be(9062);

        (await client.DeleteAsync($"{PageUrl(doc, 2)}/{itemId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var gone = await (await client.GetAsync($"{PageUrl(doc, 2)}/{itemId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        gone["errorCode"]!.GetValue<int>().Should().Be(9067);
    }

    [Fact]
    public async Task Every_annotation_type_is_created_with_its_members()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = await ImageDocumentAsync(client);
        var point = new { x = 5, y = 5 };
        var rect = new { x = 1, y = 1, width = 30, height = 30 };
        object[] bodies =
        [
            new { annotationType = "Highlight", rectangles = new[] { rect } },
            new { annotationType = "Redaction", isWhiteout = true, rectangles = new[] { rect } },
            new { annotationType = "Strikeout", direction = "RightToLeft", rectangles = new[] { rect } },
            new { annotationType = "Underline", rectangles = new[] { rect } },
            new { annotationType = "Note", position = point, text = "hello", keepHistory = true },
            new { annotationType = "Attachment", position = point, fileName = "a.txt" },
            new { annotationType = "TextBox", coordinates = rect, text = "box", borderStyle = "Dashed2", opacity = 50 },
            new { annotationType = "Bitmap", position = point, size = new { width = 10, height = 10 }, rotation = 90 },
            new { annotationType = "Line", beginPosition = point, endPosition = new { x = 100, y = 90 }, endStyle = "Closed" },
            new { annotationType = "Rectangle", coordinates = rect, boxStyle = "Ellipse" },
            new { annotationType = "Polyline", points = new[] { point, new { x = 50, y = 50 } }, fillStyle = "Solid" },
            new { annotationType = "Callout", boxCoordinates = rect, focusPosition = point, text = "see" },
            new { annotationType = "Stamp", stampId = 0, coordinates = rect },
            new { annotationType = "FreeHand", points = new[] { point } },
        ];
        foreach (var body in bodies)
        {
            var created = await CreateAsync(client, doc, 1, body);
            var sent = System.Text.Json.JsonSerializer.SerializeToNode(body)!.AsObject();
            foreach (var (name, value) in sent)
            {
                created[name]!.ToJsonString().Should().Be(value!.ToJsonString(), $"{sent["annotationType"]} keeps {name}");
            }
        }
        (await ListAsync(client, $"{LfRepoApp.V2}/Entries/{doc}/Annotations")).Should().HaveCount(bodies.Length);
        var byType = await ListAsync(client, $"{LfRepoApp.V2}/Entries/{doc}/Annotations?$orderby=annotationType desc");
        byType[0]!["annotationType"]!.GetValue<string>().Should().Be("Underline");
    }

    [Fact]
    public async Task Bad_annotations_are_400s_saying_what_is_wrong()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = await ImageDocumentAsync(client);

        var outside = await (await client.PostAsJsonAsync(PageUrl(doc, 1), Highlight(x: 180))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        outside["errorCode"]!.GetValue<int>().Should().Be(9061);
        outside.Str("detail").Should().Contain("200 x 100");

        var unknownType = await (await client.PostAsJsonAsync(PageUrl(doc, 1), new { annotationType = "Scribble" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        unknownType["errorCode"]!.GetValue<int>().Should().Be(9060);
        var unknownMember = await (await client.PostAsJsonAsync(PageUrl(doc, 1), new { annotationType = "Note", stampId = 3 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        unknownMember.Str("detail").Should().Contain("'stampId'");
        var badColor = await (await client.PostAsJsonAsync(PageUrl(doc, 1), new { annotationType = "Note", color = "yellow" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        badColor.Str("detail").Should().Contain("'color'");
        var badOpacity = await (await client.PostAsJsonAsync(PageUrl(doc, 1), new { annotationType = "FreeHand", opacity = 101 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        badOpacity.Str("detail").Should().Contain("'opacity'");

        var stamp = await (await client.PostAsJsonAsync(PageUrl(doc, 1), new { annotationType = "Stamp", stampId = 7 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        stamp["errorCode"]!.GetValue<int>().Should().Be(9064);
        var reason = await (await client.PostAsJsonAsync(PageUrl(doc, 1), new { annotationType = "Redaction", reasonId = 99 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        reason["errorCode"]!.GetValue<int>().Should().Be(9063);

        (await (await client.PostAsJsonAsync(PageUrl(doc, 5), Highlight())).ShouldBeProblemAsync(HttpStatusCode.NotFound))["errorCode"]!.GetValue<int>().Should().Be(9205);
        var folder = (await client.CreateFolderAsync(1, "F")).Id();
        (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder}/Annotations")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Attachments_and_bitmaps_take_their_files()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = await ImageDocumentAsync(client);
        var attachment = (await CreateAsync(client, doc, 1, new { annotationType = "Attachment", position = new { x = 1, y = 1 } }))["itemId"]!.GetValue<int>();
        var note = (await CreateAsync(client, doc, 1, new { annotationType = "Note" }))["itemId"]!.GetValue<int>();

        (await (await client.GetAsync($"{PageUrl(doc, 1)}/{attachment}/Attachment")).ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errorCode"]!.GetValue<int>().Should().Be(9065);

        using var file = new MultipartFormDataContent();
        var bytes = new ByteArrayContent("attached bytes"u8.ToArray());
        bytes.Headers.ContentType = new("text/plain");
        file.Add(bytes, "file", "notes.txt");
        (await client.PutAsync($"{PageUrl(doc, 1)}/{attachment}/Attachment", file)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var download = await client.GetAsync($"{PageUrl(doc, 1)}/{attachment}/Attachment");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).Should().Be("attached bytes");
        var read = await (await client.GetAsync($"{PageUrl(doc, 1)}/{attachment}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        read["attachmentLength"]!.GetValue<long>().Should().Be(14);
        read["fileName"]!.GetValue<string>().Should().Be("notes.txt");
        read["mimeType"]!.GetValue<string>().Should().Be("text/plain");

        using var image = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.Png()), "file", "i.png" } };
        (await (await client.PutAsync($"{PageUrl(doc, 1)}/{note}/Image", image)).ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errorCode"]!.GetValue<int>().Should().Be(9062);
        (await (await client.GetAsync($"{PageUrl(doc, 1)}/{note}/Attachment")).ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errorCode"]!.GetValue<int>().Should().Be(9062);
    }

    [Fact]
    public async Task Annotation_reasons_are_listed_created_renamed_and_deleted_unless_in_use()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var url = $"{LfRepoApp.V2}/AnnotationReasons";
        var reason = await (await client.PostAsJsonAsync(url, new { text = "Privacy" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var id = reason["id"]!.GetValue<int>();
        (await (await client.PostAsJsonAsync(url, new { text = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("text");
        (await (await client.PatchAsJsonAsync($"{url}/{id}", new { text = "Personal data" })).ShouldBeJsonAsync(HttpStatusCode.OK)).Str("text").Should().Be("Personal data");
        (await ListAsync(client, url)).Select(r => r!["text"]!.GetValue<string>()).Should().Equal("Personal data");
        (await (await client.PatchAsJsonAsync($"{url}/999", new { text = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound))["errorCode"]!.GetValue<int>().Should().Be(9068);

        var doc = await ImageDocumentAsync(client);
        var redaction = await CreateAsync(client, doc, 1, new { annotationType = "Redaction", reasonId = id, rectangles = new[] { new { x = 0, y = 0, width = 10, height = 10 } } });
        (await (await client.DeleteAsync($"{url}/{id}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errorCode"]!.GetValue<int>().Should().Be(9066);
        (await client.DeleteAsync($"{url}/{id}?force=true")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ListAsync(client, url)).Should().BeEmpty();
        var after = await (await client.GetAsync($"{PageUrl(doc, 1)}/{redaction["itemId"]}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        after["reasonId"].Should().BeNull();
    }

    [Fact]
    public async Task Rights_decide_who_lists_annotates_and_sees_through_redactions()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var doc = await ImageDocumentAsync(admin);
        await CreateAsync(admin, doc, 1, new { annotationType = "Redaction", comment = "SSN", textStart = 3, textEnd = 8, rectangles = new[] { new { x = 0, y = 0, width = 10, height = 10 } } });

        var reader = await app.CreateReaderAsync(admin);
        (await (await reader.GetAsync($"{LfRepoApp.V2}/Entries/{doc}/Annotations")).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("SeeAnnotations");

        await admin.SetAclAsync(doc, new { entries = new[] { SecurityUsers.Ace("Readers", "Allow", ["SeeAnnotations"], "ThisEntry") } });
        var hidden = (await ListAsync(reader, $"{LfRepoApp.V2}/Entries/{doc}/Annotations")).Single()!;
        hidden["comment"].Should().BeNull();
        hidden["textStart"]!.GetValue<int>().Should().Be(-1);
        hidden["rectangles"]!.AsArray().Should().ContainSingle("the redaction itself is visible");
        (await (await reader.PostAsJsonAsync(PageUrl(doc, 1), Highlight())).ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Str("detail").Should().Contain("Annotate");

        await admin.SetAclAsync(doc, new { entries = new[] { SecurityUsers.Ace("Readers", "Allow", ["SeeAnnotations", "SeeThroughRedactions", "Annotate"], "ThisEntry") } });
        var seen = (await ListAsync(reader, $"{LfRepoApp.V2}/Entries/{doc}/Annotations")).Single()!;
        seen["comment"]!.GetValue<string>().Should().Be("SSN");
        seen["textStart"]!.GetValue<int>().Should().Be(3);
        await CreateAsync(reader, doc, 1, Highlight());
    }

    [Fact]
    public async Task Annotations_follow_their_pages_when_pages_move_or_are_deleted()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = await ImageDocumentAsync(client, 3);
        var onTwo = (await CreateAsync(client, doc, 2, Highlight()))["itemId"]!.GetValue<int>();
        await CreateAsync(client, doc, 3, Highlight());

        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(doc)}/Pages/Move", new { pageRange = "2", destinationPageNumber = 1 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await client.GetAsync($"{PageUrl(doc, 1)}/{onTwo}")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await client.DeleteAsync($"{DocumentEditClient.DocumentUrl(doc)}/Pages?pageRange=1")).EnsureSuccessStatusCode();
        var left = await ListAsync(client, $"{LfRepoApp.V2}/Entries/{doc}/Annotations");
        left.Should().ContainSingle();
        left[0]!["pageNumber"]!.GetValue<int>().Should().Be(2, "the page-3 annotation moved up with its page");
    }

    [Fact]
    public async Task Annotations_follow_their_pages_through_copies_new_texts_and_undone_check_outs()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = await ImageDocumentAsync(client, 2);
        var onOne = (await CreateAsync(client, doc, 1, Highlight()))["itemId"]!.GetValue<int>();
        await CreateAsync(client, doc, 2, new { annotationType = "Note", position = new { x = 5, y = 5 }, text = "second page" });

        // CopyPages: the copies carry copies of the annotations; the originals keep theirs.
        var other = await ImageDocumentAsync(client, 1);
        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(doc)}/Pages/Copy", new { pageRange = "1-2", destinationEntryId = other, destinationPageNumber = 1 }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        var copied = await ListAsync(client, $"{LfRepoApp.V2}/Entries/{other}/Annotations");
        copied.Select(a => (a!["pageNumber"]!.GetValue<int>(), a["annotationType"]!.GetValue<string>())).Should().Equal((1, "Highlight"), (2, "Note"));
        copied.Select(a => a!["itemId"]!.GetValue<int>()).Should().NotContain(onOne, "a copy is a new annotation");
        copied[0]!["comment"]!.GetValue<string>().Should().Be("look");
        (await ListAsync(client, $"{LfRepoApp.V2}/Entries/{doc}/Annotations")).Should().HaveCount(2);

        // CopyEntry: the copied document has its own copies.
        var copy = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/Copy", new { sourceId = doc, name = "Scan copy" })).ShouldBeJsonAsync(HttpStatusCode.Created);
        var entryCopy = await ListAsync(client, $"{LfRepoApp.V2}/Entries/{copy.Id()}/Annotations");
        entryCopy.Select(a => a!["pageNumber"]!.GetValue<int>()).Should().Equal(1, 2);
        entryCopy.Select(a => a!["entryId"]!.GetValue<int>()).Should().AllBeEquivalentTo(copy.Id());
        (await client.DeleteAsync($"{DocumentEditClient.DocumentUrl(copy.Id())}/Pages?pageRange=1")).EnsureSuccessStatusCode();
        (await ListAsync(client, $"{LfRepoApp.V2}/Entries/{doc}/Annotations")).Should().HaveCount(2, "deleting the copy's page leaves the original's annotations");

        // WritePage with a new text gives the page a new row; its annotations stay on it, with their ids.
        var text = new MultipartFormDataContent { { new StringContent("""{"text":"new words"}"""), "request" } };
        await (await client.PutAsync($"{DocumentEditClient.DocumentUrl(doc)}/Pages/1", text)).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await client.PageTextsAsync(doc))[0].Should().Be("new words");
        (await client.GetAsync($"{PageUrl(doc, 1)}/{onOne}")).StatusCode.Should().Be(HttpStatusCode.OK);

        // UndoCheckOut restores the pages as new rows; annotations stay on the pages with their numbers.
        await client.PostDocumentAsync(doc, "VersionControl");
        await client.PostDocumentAsync(doc, "CheckOut");
        await client.CreatePagesAsync(doc, textPages: ["added while checked out"]);
        await CreateAsync(client, doc, 3, Highlight());
        await client.PostDocumentAsync(doc, "UndoCheckOut");
        var kept = await ListAsync(client, $"{LfRepoApp.V2}/Entries/{doc}/Annotations");
        kept.Select(a => a!["pageNumber"]!.GetValue<int>()).Should().Equal([1, 2], "the page added while checked out is gone, and its annotation with it");
        (await client.GetAsync($"{PageUrl(doc, 1)}/{onOne}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task A_repository_that_requires_redaction_reasons_refuses_a_redaction_without_one()
    {
        await using var app = new LfRepoApp(("LfRepo:Annotations:RequireRedactionReason", "true"));
        var client = await app.CreateSignedInClientAsync();
        var doc = await ImageDocumentAsync(client);
        var redaction = new { annotationType = "Redaction", rectangles = new[] { new { x = 0, y = 0, width = 10, height = 10 } } };

        var problem = await (await client.PostAsJsonAsync(PageUrl(doc, 1), redaction)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "An annotation reason is required.");
        problem["errorCode"]!.GetValue<int>().Should().Be(9069);
        await CreateAsync(client, doc, 1, Highlight());

        var reason = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/AnnotationReasons", new { text = "Privacy" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var created = await CreateAsync(client, doc, 1, new { annotationType = "Redaction", reasonId = reason["id"]!.GetValue<int>(), rectangles = new[] { new { x = 0, y = 0, width = 10, height = 10 } } });
        var cleared = await client.PatchAsJsonAsync($"{PageUrl(doc, 1)}/{created["itemId"]}", new { annotationType = "Redaction", reasonId = (int?)null });
        await cleared.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "An annotation reason is required.");
    }

    [Fact]
    public async Task Annotations_turn_with_their_page()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var doc = await ImageDocumentAsync(client);
        var id = (await CreateAsync(client, doc, 1, new { annotationType = "Rectangle", coordinates = new { x = 10, y = 20, width = 40, height = 30 } }))["itemId"]!.GetValue<int>();
        var line = (await CreateAsync(client, doc, 1, new { annotationType = "Line", beginPosition = new { x = 0, y = 0 }, endPosition = new { x = 199, y = 99 } }))["itemId"]!.GetValue<int>();

        await (await client.PostAsJsonAsync($"{DocumentEditClient.DocumentUrl(doc)}/Pages/1/Image/Rotate", new { rotationAngle = 90 })).ShouldBeJsonAsync(HttpStatusCode.OK);

        var turned = await (await client.GetAsync($"{PageUrl(doc, 1)}/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        turned["coordinates"]!.ToJsonString().Should().Be("""{"x":50,"y":10,"width":30,"height":40}""", "the 200 x 100 page is now 100 x 200");
        var turnedLine = await (await client.GetAsync($"{PageUrl(doc, 1)}/{line}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        turnedLine["beginPosition"]!.ToJsonString().Should().Be("""{"x":100,"y":0}""");
        turnedLine["endPosition"]!.ToJsonString().Should().Be("""{"x":1,"y":199}""");
        await (await client.PatchAsJsonAsync($"{PageUrl(doc, 1)}/{id}", new { annotationType = "Rectangle", coordinates = new { x = 60, y = 150, width = 40, height = 50 } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
    }
}
