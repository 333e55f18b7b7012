using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Metadata;

[Trait("Engine", "Both")]
public sealed class EntryMetadataTests
{
    [Fact]
    public async Task SetFields_replaces_every_field_and_answers_them_all()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");

        var first = await SetFieldsAsync(client, folder.Id(), new { name = "Text", values = new[] { "hello" } }, new { name = "Keywords", values = new[] { "a", "b" } });
        first.Select(f => f.Str("name")).Should().Equal("Keywords", "Text");
        first[0]["values"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("a", "b");
        first[0]["isMultiValue"]!.GetValue<bool>().Should().BeTrue();
        first[1].Str("fieldType").Should().Be("String");

        var second = await SetFieldsAsync(client, folder.Id(), new { name = "amount", values = new[] { "12.50" } });
        second.Should().ContainSingle().Which.Str("name").Should().Be("Amount");

        var listed = await Values(client, $"/Entries/{folder.Id()}/Fields");
        listed.Should().ContainSingle().Which["values"]!.AsArray().Single()!.GetValue<string>().Should().Be("12.50");

        (await SetFieldsAsync(client, folder.Id())).Should().BeEmpty();
        (await Values(client, $"/Entries/{folder.Id()}/Fields")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("Amount", "twelve")]
    [InlineData("Quantity", "3000000000")]
    [InlineData("Quantity", "1.5")]
    [InlineData("Serial Number", "abc")]
    [InlineData("Date Received", "2026-01-15T00:00:00Z")]
    [InlineData("Date Received", "2026-01-15T00:00:00+08:00")]
    [InlineData("Date Received", "2026-01-15T10:30:00")]
    [InlineData("Date Received", "15/01/2026")]
    [InlineData("Reviewed At", "2026-01-15T10:30:00Z")]
    [InlineData("Start Time", "25:00")]
    [InlineData("Status", "Maybe")]
    [InlineData("Signature", "not base64!")]
    [InlineData("Invoice Number", "abc-123")]
    [InlineData("Text", "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789X")]
    public async Task A_bad_value_is_400_naming_the_field_and_the_value(string field, string value)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");

        var response = await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields", new { fields = new[] { new { name = field, values = new[] { value } } } });

        var detail = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid field value.")).Str("detail");
        detail.Should().Contain(field).And.Contain(value);
    }

    [Theory]
    [InlineData("Amount", "-1,234.5", "-1234.5")]
    [InlineData("Quantity", "42", "42")]
    [InlineData("Serial Number", "9000000000", "9000000000")]
    [InlineData("Date Received", "2026-01-15", "2026-01-15")]
    [InlineData("Date Received", "2026-01-15T00:00:00", "2026-01-15")]
    [InlineData("Reviewed At", "2026-01-15T10:30", "2026-01-15T10:30:00")]
    [InlineData("Start Time", "09:05", "09:05:00")]
    [InlineData("Status", "closed", "Closed")]
    [InlineData("Signature", "AQID", "AQID")]
    [InlineData("Invoice Number", "ABC-123", "ABC-123")]
    public async Task Good_values_are_stored_in_canonical_form(string field, string value, string stored)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");

        var fields = await SetFieldsAsync(client, folder.Id(), new { name = field, values = new[] { value } });

        fields.Single()["values"]!.AsArray().Single()!.GetValue<string>().Should().Be(stored);
    }

    [Fact]
    public async Task Field_writes_reject_unknown_repeated_and_multiple_values_and_a_missing_list()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var url = $"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields";

        (await (await client.PutAsJsonAsync(url, new { fields = new[] { new { name = "Nope", values = new[] { "x" } } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Unknown field.")).Str("detail").Should().Contain("Nope");
        await (await client.PutAsJsonAsync(url, new { fields = new[] { new { name = "Text", values = new[] { "x" } }, new { name = "text", values = new[] { "y" } } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await (await client.PutAsJsonAsync(url, new { fields = new[] { new { name = "Text", values = new[] { "x", "y" } } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid field value.")).Str("detail").Should().Contain("Text");
        await (await client.PutAsJsonAsync(url, new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/999/Fields", new { fields = Array.Empty<object>() })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/999/Fields")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListFields_pages_selects_and_formats()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        await SetFieldsAsync(client, folder.Id(),
            new { name = "Amount", values = new[] { "1234.5" } }, new { name = "Date Received", values = new[] { "2026-03-01" } }, new { name = "Text", values = new[] { "t" } });

        var pages = await client.ReadAllPagesAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields", "maxpagesize=1");
        pages.Should().HaveCount(3);
        var selected = await Values(client, $"/Entries/{folder.Id()}/Fields?$select=name&$orderby=name desc");
        selected.Select(f => f.Str("name")).Should().Equal("Text", "Date Received", "Amount");
        selected[0].Select(p => p.Key).Should().Equal("name");

        var formatted = await Values(client, $"/Entries/{folder.Id()}/Fields?formatFieldValues=true&culture=de-DE");
        formatted.Single(f => f.Str("name") == "Date Received")["values"]![0]!.GetValue<string>().Should().Be("01.03.2026");
        formatted.Single(f => f.Str("name") == "Amount")["values"]![0]!.GetValue<string>().Should().Contain("1.234,50");
    }

    [Fact]
    public async Task SetTemplate_assigns_fields_keeps_common_values_and_shows_on_the_entry()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        await SetFieldsAsync(client, folder.Id(), new { name = "Date Received", values = new[] { "2026-01-01" } }, new { name = "Quantity", values = new[] { "3" } });

        var entry = await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template", new
        {
            templateName = "general",
            fields = new object[] { new { name = "Status", values = new[] { "Open" } }, new { name = "Quantity", values = new[] { "9" } } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);

        entry.Str("templateName").Should().Be("General");
        entry["templateId"]!.GetValue<int>().Should().Be(1);
        entry["templateFieldNames"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("Text", "Comment", "Date Received", "Status");
        (await client.GetEntryAsync(folder.Id())).Str("templateName").Should().Be("General");
        var fields = await Values(client, $"/Entries/{folder.Id()}/Fields");
        fields.Select(f => f.Str("name")).Should().Equal("Text", "Comment", "Date Received", "Status", "Quantity");
        fields[2]["values"]![0]!.GetValue<string>().Should().Be("2026-01-01", "a common field keeps its value");
        fields[3]["values"]![0]!.GetValue<string>().Should().Be("Open");
        fields[4]["values"]![0]!.GetValue<string>().Should().Be("3", "independent fields are not touched by SetTemplate");
        fields[0]["values"]!.AsArray().Should().BeEmpty();

        var removed = await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template")).ShouldBeJsonAsync(HttpStatusCode.OK);
        removed.Str("templateName").Should().BeEmpty();
        removed["templateId"]!.GetValue<int>().Should().Be(0);
        removed.ContainsKey("templateFieldNames").Should().BeFalse();
        (await client.GetEntryAsync(folder.Id()))["templateId"]!.GetValue<int>().Should().Be(0);
        (await Values(client, $"/Entries/{folder.Id()}/Fields")).Select(f => f.Str("name")).Should().Equal("Date Received", "Quantity", "Status");
        (await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template")).ShouldBeJsonAsync(HttpStatusCode.OK))["templateId"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task Required_template_fields_are_enforced()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var url = $"{LfRepoApp.V2}/Entries/{folder.Id()}/Template";

        (await (await client.PutAsJsonAsync(url, new { templateName = "Invoice" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Required field has no value."))
            .Str("detail").Should().Contain("Invoice Number");
        (await client.GetEntryAsync(folder.Id()))["templateId"]!.GetValue<int>().Should().Be(0);

        var entry = await (await client.PutAsJsonAsync(url, new
        {
            templateName = "Invoice",
            fields = new object[] { new { name = "Invoice Number", values = new[] { "INV-1" } }, new { name = "Item Name", values = new[] { "Pen", "Ink" } } },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        entry.Str("templateName").Should().Be("Invoice");
        var fields = await Values(client, $"/Entries/{folder.Id()}/Fields");
        fields.Single(f => f.Str("name") == "Item Name")["groupId"]!.GetValue<int>().Should().Be(1);
        fields.Single(f => f.Str("name") == "Invoice Number")["isRequired"]!.GetValue<bool>().Should().BeTrue();

        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields", new { fields = new[] { new { name = "Amount", values = new[] { "1" } } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Required field has no value.");
    }

    [Fact]
    public async Task SetTemplate_rejects_unknown_templates_with_204_and_bad_bodies()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var url = $"{LfRepoApp.V2}/Entries/{folder.Id()}/Template";

        var problem = await (await client.PutAsJsonAsync(url, new { templateName = "faketemplate123" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Template not found.");
        problem["errorCode"]!.GetValue<int>().Should().Be(204);
        await (await client.PutAsJsonAsync(url, new { templateName = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PutAsJsonAsync(url, new { templateName = "General", fields = new[] { new { name = "Status", values = new[] { "Nope" } } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid field value.");
        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/999/Template", new { templateName = "General" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/999/Template")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Tags_are_replaced_listed_and_cleared()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var url = $"{LfRepoApp.V2}/Entries/{folder.Id()}/Tags";

        var set = await (await client.PutAsJsonAsync(url, new { tags = new[] { "reviewed", "Confidential", "Reviewed" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        set["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Confidential", "Reviewed");
        set["value"]![0]!["isSecure"]!.GetValue<bool>().Should().BeTrue();

        (await client.ReadAllPagesAsync(url, "maxpagesize=1")).Should().HaveCount(2);
        (await (await client.PutAsJsonAsync(url, new { tags = new[] { "Needs Attention" } })).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray().Should().ContainSingle();
        (await (await client.PutAsJsonAsync(url, new { tags = Array.Empty<string>() })).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray().Should().BeEmpty();
        (await Values(client, $"/Entries/{folder.Id()}/Tags")).Should().BeEmpty();

        (await (await client.PutAsJsonAsync(url, new { tags = new[] { "Nope" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Unknown tag.")).Str("detail").Should().Contain("Nope");
        await (await client.PutAsJsonAsync(url, new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/999/Tags")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Links_show_from_both_ends_with_urls()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var b = await client.CreateFolderAsync(1, "B");
        var c = await client.CreateFolderAsync(1, "C");

        var set = await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{a.Id()}/Links", new
        {
            links = new object[]
            {
                new { linkDefinitionId = 1, otherEntryId = b.Id(), customProperties = new Dictionary<string, string> { ["note"] = "n" } },
                new { linkDefinitionId = 2, otherEntryId = c.Id(), isSource = false },
            },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);

        var links = set["value"]!.AsArray().Select(l => l!.AsObject()).ToList();
        links.Should().HaveCount(2);
        links[0]["sourceId"]!.GetValue<int>().Should().Be(a.Id());
        links[0]["targetId"]!.GetValue<int>().Should().Be(b.Id());
        links[0].Str("sourceLabel").Should().Be("Parent");
        links[0].Str("targetFullPath").Should().Be("\\B");
        links[0].Str("sourceLink").Should().Be($"http://localhost{LfRepoApp.V2}/Entries/{a.Id()}");
        links[0].Str("targetLink").Should().Be($"http://localhost{LfRepoApp.V2}/Entries/{b.Id()}");
        links[0]["customProperties"]!["note"]!.GetValue<string>().Should().Be("n");
        links[1]["sourceId"]!.GetValue<int>().Should().Be(c.Id());

        var fromB = await Values(client, $"/Entries/{b.Id()}/Links");
        fromB.Should().ContainSingle().Which["sourceId"]!.GetValue<int>().Should().Be(a.Id());
        (await client.ReadAllPagesAsync($"{LfRepoApp.V2}/Entries/{a.Id()}/Links", "maxpagesize=1")).Should().HaveCount(2);

        await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{b.Id()}/Links", new { links = Array.Empty<object>() })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await Values(client, $"/Entries/{a.Id()}/Links")).Should().ContainSingle().Which["linkDefinitionId"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public async Task Link_writes_reject_bad_links()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var a = await client.CreateFolderAsync(1, "A");
        var url = $"{LfRepoApp.V2}/Entries/{a.Id()}/Links";

        await (await client.PutAsJsonAsync(url, new { links = new[] { new { linkDefinitionId = 99, otherEntryId = 1 } } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Unknown link definition.");
        await (await client.PutAsJsonAsync(url, new { links = new[] { new { linkDefinitionId = 1, otherEntryId = 999 } } })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync(url, new { links = new[] { new { linkDefinitionId = 1, otherEntryId = a.Id() } } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PutAsJsonAsync(url, new { links = new[] { new { linkDefinitionId = 1 } } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PutAsJsonAsync(url, new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ListEntries_returns_requested_field_values_first_value_only()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var home = await client.CreateFolderAsync(1, "Home");
        var a = await client.CreateFolderAsync(home.Id(), "A");
        await client.CreateFolderAsync(home.Id(), "B");
        await SetFieldsAsync(client, a.Id(), new { name = "Keywords", values = new[] { "x", "y" } }, new { name = "Amount", values = new[] { "1.5" } }, new { name = "Text", values = new[] { "t" } });

        var page = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{home.Id()}/Folder/Children?fields=Keywords&fields=Amount")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var rows = page["value"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var fields = rows[0]["fields"]!.AsArray().Select(f => f!.AsObject()).ToList();
        fields.Select(f => f.Str("name")).Should().Equal("Amount", "Keywords");
        fields[1]["values"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("x");
        fields[1]["hasMoreValues"]!.GetValue<bool>().Should().BeTrue();
        fields[0]["hasMoreValues"]!.GetValue<bool>().Should().BeFalse();
        rows[1]["fields"]!.AsArray().Should().BeEmpty();

        var formatted = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{home.Id()}/Folder/Children?fields=Amount&formatFieldValues=true&culture=fr-FR")).ShouldBeJsonAsync(HttpStatusCode.OK);
        formatted["value"]![0]!["fields"]![0]!["values"]![0]!.GetValue<string>().Should().Contain("1,50");
        (await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{home.Id()}/Folder/Children")).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]![0]!.AsObject().ContainsKey("fields").Should().BeFalse();

        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{home.Id()}/Folder/Children?fields=Nope")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Unknown field.");
        var eleven = string.Join("&", Enumerable.Range(0, 11).Select(_ => "fields=Text"));
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{home.Id()}/Folder/Children?{eleven}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Dynamic_field_logic_answers_the_values_the_parent_allows()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var url = $"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields/GetDynamicFieldLogicValue";

        var canada = await (await client.PostAsJsonAsync(url, new { templateId = 3, fieldValues = new Dictionary<string, string> { ["Country"] = "Canada" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        canada["City"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("Toronto", "Vancouver");

        await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Template", new { templateName = "Address", fields = new[] { new { name = "Country", values = new[] { "United States" } } } });
        var fromEntry = await (await client.PostAsJsonAsync(url, new { templateId = 3 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        fromEntry["City"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("Seattle", "Boston");

        (await (await client.PostAsJsonAsync(url, new { templateId = 1 })).ShouldBeJsonAsync(HttpStatusCode.OK)).Should().BeEmpty();
        (await (await client.PostAsJsonAsync(url, new { templateId = 99 })).ShouldBeProblemAsync(HttpStatusCode.NotFound))["errorCode"]!.GetValue<int>().Should().Be(204);
        await (await client.PostAsJsonAsync(url, new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Copies_carry_metadata_and_deletes_remove_it()
    {
        await using var app = new LfRepoApp(("LfRepo:Tasks:BatchSize", "2"));
        var client = await app.CreateSignedInClientAsync();
        var source = await client.CreateFolderAsync(1, "Source");
        var inner = await client.CreateFolderAsync(source.Id(), "Inner");
        var outside = await client.CreateFolderAsync(1, "Outside");
        await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{inner.Id()}/Template", new { templateName = "General", fields = new[] { new { name = "Text", values = new[] { "kept" } } } });
        await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{inner.Id()}/Tags", new { tags = new[] { "Reviewed" } });
        await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{inner.Id()}/Links", new { links = new[] { new { linkDefinitionId = 1, otherEntryId = outside.Id() } } });

        var copy = await client.WaitForTaskAsync(await client.StartCopyAsync(1, source.Id(), "Copy"));
        var copyId = copy["result"]!["entryId"]!.GetValue<int>();
        var copiedInner = (await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{copyId}/Folder/Children")).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]![0]!.AsObject();
        copiedInner.Str("templateName").Should().Be("General");
        (await Values(client, $"/Entries/{copiedInner.Id()}/Fields")).First()["values"]![0]!.GetValue<string>().Should().Be("kept");
        (await Values(client, $"/Entries/{copiedInner.Id()}/Tags")).Single().Str("name").Should().Be("Reviewed");
        (await Values(client, $"/Entries/{copiedInner.Id()}/Links")).Single()["targetId"]!.GetValue<int>().Should().Be(outside.Id());
        (await Values(client, $"/Entries/{outside.Id()}/Links")).Should().HaveCount(2);

        (await client.WaitForTaskAsync(await client.StartDeleteAsync(copyId))).Str("status").Should().Be("Completed");
        (await client.WaitForTaskAsync(await client.StartDeleteAsync(source.Id()))).Str("status").Should().Be("Completed");
        (await Values(client, $"/Entries/{outside.Id()}/Links")).Should().BeEmpty();
    }

    [Fact]
    public async Task Deletes_accept_seeded_DeleteEntry_audit_reasons_only()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var reasons = await Values(client, "/AuditReasons");
        var delete = reasons.First(r => r.Str("auditEventType") == "DeleteEntry")["id"]!.GetValue<int>();
        var export = reasons.First(r => r.Str("auditEventType") == "ExportDocument")["id"]!.GetValue<int>();

        (await (await DeleteWithReasonAsync(client, folder.Id(), export)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain(export.ToString());
        var taskId = (await (await DeleteWithReasonAsync(client, folder.Id(), delete)).ShouldBeJsonAsync(HttpStatusCode.Accepted)).Str("taskId");
        (await client.WaitForTaskAsync(taskId)).Str("status").Should().Be("Completed");
    }

    private static Task<HttpResponseMessage> DeleteWithReasonAsync(HttpClient client, int entryId, int reason) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{LfRepoApp.V2}/Entries/{entryId}")
        {
            Content = new StringContent($"{{\"auditReasonId\": {reason}}}", Encoding.UTF8, "application/json"),
        });

    private static async Task<List<JsonObject>> SetFieldsAsync(HttpClient client, int entryId, params object[] fields)
    {
        var body = await (await client.PutAsJsonAsync($"{LfRepoApp.V2}/Entries/{entryId}/Fields", new { fields })).ShouldBeJsonAsync(HttpStatusCode.OK);
        return [.. body["value"]!.AsArray().Select(v => v!.AsObject())];
    }

    private static async Task<List<JsonObject>> Values(HttpClient client, string path)
    {
        var body = await (await client.GetAsync(LfRepoApp.V2 + path)).ShouldBeJsonAsync(HttpStatusCode.OK);
        return [.. body["value"]!.AsArray().Select(v => v!.AsObject())];
    }
}
