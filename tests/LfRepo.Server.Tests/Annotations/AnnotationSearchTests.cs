using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Search;
using LfRepo.Server.Tests.Security;

namespace LfRepo.Server.Tests.Annotations;

/// <summary>Search and annotations: redacted words are not found, annotation attributes find annotated entries.</summary>
[Trait("Engine", "Both")]
public sealed class AnnotationSearchTests
{
    private static string PageUrl(int entryId, int page) => $"{LfRepoApp.V2}/Entries/{entryId}/Pages/{page}/Annotations";

    private static async Task<JsonObject> AnnotateAsync(HttpClient client, int entryId, int page, object body) =>
        await (await client.PostAsJsonAsync(PageUrl(entryId, page), body)).ShouldBeJsonAsync(HttpStatusCode.OK);

    private static object Redaction(int start, int end, string? comment = null) =>
        new { annotationType = "Redaction", comment, textStart = start, textEnd = end, rectangles = new[] { new { x = 0, y = 0, width = 10, height = 10 } } };

    [Fact]
    public async Task A_redacted_word_is_not_found_and_comes_back_when_the_redaction_goes()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        const string text = "the account number is swordfish today";
        var doc = await client.CreateTextDocumentAsync("Statement", text);
        (await client.SearchNamesAsync("swordfish")).Should().Equal("Statement");

        var start = text.IndexOf("swordfish", StringComparison.Ordinal);
        var redaction = (await AnnotateAsync(client, doc, 1, Redaction(start, start + "swordfish".Length)))["itemId"]!.GetValue<int>();

        (await client.SearchNamesAsync("swordfish")).Should().BeEmpty("the word is under a redaction");
        (await client.SearchNamesAsync("{LF:Basic~=\"swordfish\", option=\"D\"}")).Should().BeEmpty();
        (await client.SearchNamesAsync("account & today")).Should().Equal(["Statement"], "the words around it are still found");
        var taskId = await client.StartSearchAsync("account");
        var hits = await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results/1/ContextHits")).ShouldBeJsonAsync(HttpStatusCode.OK);
        hits["value"]!.AsArray().Select(h => h!["context"]!.GetValue<string>()).Should().NotContain(c => c.Contains("swordfish"));

        // A copy of the document carries the redaction, and keeps the word out of search too.
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/Copy", new { sourceId = doc, name = "Statement copy" })).ShouldBeJsonAsync(HttpStatusCode.Created);
        (await client.SearchNamesAsync("swordfish")).Should().BeEmpty();
        (await client.SearchNamesAsync("account")).Should().BeEquivalentTo(["Statement", "Statement copy"]);

        (await client.DeleteAsync($"{PageUrl(doc, 1)}/{redaction}")).EnsureSuccessStatusCode();
        (await client.SearchNamesAsync("swordfish")).Should().Equal("Statement");
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task Annotation_attributes_find_entries_by_their_annotations()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var noted = await client.CreateTextDocumentAsync("Noted", "page one", "page two");
        var boxed = await client.CreateTextDocumentAsync("Boxed", "plain");
        var stamped = await client.CreateTextDocumentAsync("Stamped", "plain");
        await client.CreateTextDocumentAsync("Bare", "plain");
        var noteId = (await AnnotateAsync(client, noted, 2, new { annotationType = "Note", position = new { x = 1, y = 1 }, text = "Check the invoice total", color = "#00FF00", comment = "for audit" }))["itemId"]!.GetValue<int>();
        await AnnotateAsync(client, boxed, 1, new { annotationType = "TextBox", coordinates = new { x = 1, y = 1, width = 5, height = 5 }, text = "Approved by finance" });
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(TestFiles.Png(4, 4)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "stamp.png");
        var stamp = await (await client.PostAsync($"{LfRepoApp.V2}/Stamps?name=Received&isPublic=true", form)).ShouldBeJsonAsync(HttpStatusCode.OK);
        await AnnotateAsync(client, stamped, 1, new { annotationType = "Stamp", stampId = stamp["id"]!.GetValue<int>(), coordinates = new { x = 0, y = 0, width = 4, height = 4 } });

        (await client.SearchNamesAsync("{LF:AnnText=\"invoice\"}")).Should().Equal(["Noted"], "= finds the value anywhere in the text");
        (await client.SearchNamesAsync("{LF:AnnText~=\"finance approved\"}")).Should().Equal("Boxed");
        (await client.SearchNamesAsync("{LF:AnnText=\"invoice\", Type=T}")).Should().BeEmpty("the invoice text is a sticky note's");
        (await client.SearchNamesAsync("{LF:AnnText=\"approved\", Type=ST}")).Should().Equal("Boxed");
        (await client.SearchNamesAsync("{LF:Sticky~=\"total\"}")).Should().Equal("Noted");
        (await client.SearchNamesAsync("{LF:TextBox=\"finance\"}")).Should().Equal("Boxed");
        (await client.SearchNamesAsync("{LF:Callout=\"finance\"}")).Should().BeEmpty();
        (await client.SearchNamesAsync("{LF:AnnComment~=\"audit\"}")).Should().Equal("Noted");
        (await client.SearchNamesAsync("{LF:AnnColor=\"#00ff00\"}")).Should().Equal("Noted");
        (await client.SearchNamesAsync("{LF:AnnType=\"textbox\"}")).Should().Equal("Boxed");
        (await client.SearchNamesAsync("{LF:AnnPage=2}")).Should().Equal("Noted");
        (await client.SearchNamesAsync("{LF:AnnPage>2}")).Should().BeEmpty();
        (await client.SearchNamesAsync("{LF:AnnCreator=\"admin\"}")).Should().BeEquivalentTo(["Noted", "Boxed", "Stamped"]);
        (await client.SearchNamesAsync("{LF:AnnCreator=\"nobody\"}")).Should().BeEmpty();
        (await client.SearchNamesAsync("{LF:AnnStampName=\"rec*\"}")).Should().Equal("Stamped");
        (await client.SearchNamesAsync("{LF:Basic~=\"invoice\"}")).Should().Equal(["Noted"], "LF:Basic searches annotations (A) by default");
        (await client.SearchNamesAsync("{LF:Basic~=\"invoice\", option=\"DFN\"}")).Should().BeEmpty();
        (await client.SearchNamesAsync("{LF:Basic~=\"audit\", option=\"A\"}")).Should().Equal("Noted");

        var taskId = await client.StartSearchAsync("{LF:Sticky~=\"total\"} | {LF:AnnComment=\"audit\"}");
        var hits = (await (await client.GetAsync($"{LfRepoApp.V2}/Searches/{taskId}/Results/1/ContextHits")).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray();
        hits.Select(h => (h!["hitType"]!.GetValue<string>(), h["context"]!.GetValue<string>(), h["pageNumber"]!.GetValue<int>(), h["isAnnotationHit"]!.GetValue<bool>()))
            .Should().Equal(("Note", "Check the invoice total", 2, true), ("AnnotationComment", "for audit", 2, true));
        hits[0]!["annotationId"]!.GetValue<int>().Should().Be(noteId);
        hits[0]!["highlight1Offset"]!.GetValue<int>().Should().Be("Check the invoice ".Length);

        foreach (var (command, code) in new[] { ("{LF:AnnColor=\"green\"}", 9084), ("{LF:AnnType=\"Scribble\"}", 9084), ("{LF:AnnText=\"x\", Type=Q}", 9245), ("{LF:AnnPage=\"two\"}", 9084), ("{LF:AnnColor>\"#000000\"}", 9181) })
        {
            var problem = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/SimpleSearches", new { searchCommand = command })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem["errorCode"]!.GetValue<int>().Should().Be(code, command);
        }
    }

    [Fact]
    public async Task Users_find_entries_only_by_the_annotations_they_may_see()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var doc = await admin.CreateTextDocumentAsync("Memo", "nothing here");
        await AnnotateAsync(admin, doc, 1, new { annotationType = "Note", position = new { x = 1, y = 1 }, text = "pelican" });
        await AnnotateAsync(admin, doc, 1, Redaction(0, 7, comment: "albatross"));
        var reader = await app.CreateReaderAsync(admin);

        (await reader.SearchNamesAsync("{LF:AnnText=\"pelican\"}")).Should().BeEmpty("the reader may not see annotations");
        await admin.SetAclAsync(doc, new { entries = new[] { SecurityUsers.Ace("Readers", "Allow", ["SeeAnnotations"], "ThisEntry") } });
        (await reader.SearchNamesAsync("{LF:AnnText=\"pelican\"}")).Should().Equal("Memo");
        (await reader.SearchNamesAsync("{LF:AnnComment=\"albatross\"}")).Should().BeEmpty("a redaction's comment needs SeeThroughRedactions");
        (await admin.SearchNamesAsync("{LF:AnnComment=\"albatross\"}")).Should().Equal("Memo");
        await admin.SetAclAsync(doc, new { entries = new[] { SecurityUsers.Ace("Readers", "Allow", ["SeeAnnotations", "SeeThroughRedactions"], "ThisEntry") } });
        (await reader.SearchNamesAsync("{LF:AnnComment=\"albatross\"}")).Should().Equal("Memo");
    }
}
