using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.V1;

/// <summary>v1 ImportDocument: multipart parts electronicDocument and request, the CreateEntryResult answer.</summary>
[Trait("Engine", "Both")]
public sealed class V1ImportTests
{
    private const string V1 = V1EntriesTests.V1;

    private static MultipartFormDataContent Body(byte[]? file, string? requestJson, string contentType = "application/pdf")
    {
        var body = new MultipartFormDataContent();
        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            body.Add(part, "electronicDocument", "upload.pdf");
        }
        if (requestJson is not null)
        {
            body.Add(new StringContent(requestJson, Encoding.UTF8, "application/json"), "request");
        }
        return body;
    }

    [Fact]
    public async Task ImportDocument_creates_the_document_with_its_edoc_and_metadata_which_v2_reads()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Imports");
        var pdf = TestFiles.Pdf(1);

        var response = await client.PostAsync($"{V1}/Entries/{folder.Id()}/Invoice?autoRename=true",
            Body(pdf, """{"template":"General","metadata":{"fields":{"Status":{"values":[{"value":"Open","position":1}]}},"tags":["Reviewed"]}}"""));
        var result = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        var again = await (await client.PostAsync($"{V1}/Entries/{folder.Id()}/Invoice?autoRename=true", Body(pdf, null))).ShouldBeJsonAsync(HttpStatusCode.Created);

        var id = result["operations"]!["entryCreate"]!["entryId"]!.GetValue<int>();
        result.Str("documentLink").Should().EndWith($"/v1/Repositories/r-emulator/Entries/{id}");
        result["operations"]!["setTemplate"]!["template"]!.GetValue<string>().Should().Be("General");
        result["operations"]!["setFields"]!["fieldCount"]!.GetValue<int>().Should().Be(1);
        result["operations"]!["setTags"]!["assignedTags"]![0]!.GetValue<string>().Should().Be("Reviewed");
        result["operations"]!["setEdoc"]!["exceptions"]!.AsArray().Should().BeEmpty();
        var entry = await client.GetEntryAsync(id);
        entry.Str("fullPath").Should().Be("\\Imports\\Invoice");
        entry["electronicDocumentSize"]!.GetValue<long>().Should().Be(pdf.Length);
        entry.Str("templateName").Should().Be("General");
        (await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{id}/Tags")).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray().Should().ContainSingle();
        (await client.GetEntryAsync(again["operations"]!["entryCreate"]!["entryId"]!.GetValue<int>())).Str("name").Should().Be("Invoice (2)");
        (await (await client.GetAsync($"{V1}/Entries/{id}/Laserfiche.Repository.Document/edoc")).Content.ReadAsByteArrayAsync()).Should().Equal(pdf);
    }

    [Fact]
    public async Task ImportDocument_problems_name_what_was_wrong_and_create_nothing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Imports");
        var pdf = TestFiles.Pdf(1);

        (await (await client.PostAsync($"{V1}/Entries/{folder.Id()}/Doc", Body(null, "{}"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("electronicDocument");
        (await (await client.PostAsync($"{V1}/Entries/{folder.Id()}/Doc", Body(pdf, "{not json"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("request");
        (await (await client.PostAsync($"{V1}/Entries/{folder.Id()}/Doc", Body(pdf, """{"metadata":{"tags":["Nope"]}}"""))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("Nope");
        (await (await client.PostAsync($"{V1}/Entries/{folder.Id()}/Doc", new StringContent("x"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("multipart/form-data");
        await (await client.PostAsync($"{V1}/Entries/999/Doc", Body(pdf, null))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await client.ReadAllPagesAsync($"{V1}/Entries/{folder.Id()}/Laserfiche.Repository.Folder/children"))[0]["value"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task ImportDocument_with_a_template_that_cannot_be_set_is_a_409_partial_success_and_the_document_stays()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Imports");
        var pdf = TestFiles.Pdf(1);

        var response = await client.PostAsync($"{V1}/Entries/{folder.Id()}/Doc",
            Body(pdf, """{"template":"faketemplate123","metadata":{"tags":["Reviewed"]}}"""));
        var result = await response.ShouldBeJsonAsync(HttpStatusCode.Conflict);

        var operations = result["operations"]!.AsObject();
        var id = operations["entryCreate"]!["entryId"]!.GetValue<int>();
        id.Should().BeGreaterThan(0);
        operations["entryCreate"]!["exceptions"]!.AsArray().Should().BeEmpty();
        operations["setEdoc"]!["exceptions"]!.AsArray().Should().BeEmpty();
        var exception = operations["setTemplate"]!["exceptions"]!.AsArray().Single()!.AsObject();
        exception.Str("message").Should().Contain("faketemplate123");
        exception["statusCode"]!.GetValue<int>().Should().Be(404);
        exception.Str("operationId").Should().Be(response.Headers.GetValues("X-RequestId").Single());
        operations["setTemplate"]!["template"].Should().BeNull();
        operations["setTags"]!["exceptions"]!.AsArray().Should().BeEmpty();
        operations["setTags"]!["assignedTags"]![0]!.GetValue<string>().Should().Be("Reviewed");
        result.Str("documentLink").Should().EndWith($"/Entries/{id}");
        var entry = await client.GetEntryAsync(id);
        entry["electronicDocumentSize"]!.GetValue<long>().Should().Be(pdf.Length, "the document stays, with its electronic document");
        entry.Str("templateName").Should().BeEmpty();
        (await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{id}/Tags")).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray().Should().ContainSingle();
    }
}
