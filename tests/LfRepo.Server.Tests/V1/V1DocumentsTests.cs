using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.V1;

/// <summary>v1 edoc export (GET, HEAD, with audit reason, ranges), edoc and page deletion.</summary>
[Trait("Engine", "Both")]
public sealed class V1DocumentsTests
{
    private const string V1 = V1EntriesTests.V1;

    [Fact]
    public async Task ExportDocument_streams_the_edoc_v2_imported_byte_for_byte_and_honours_Range()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var pdf = TestFiles.Pdf(1);
        var document = await client.ImportAsync(1, pdf, "report.pdf", new { name = "Report" }, "application/pdf");
        var url = $"{V1}/Entries/{document.Id()}/Laserfiche.Repository.Document/edoc";

        var whole = await client.GetAsync(url);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        using var ranged = new HttpRequestMessage(HttpMethod.Get, url);
        ranged.Headers.Range = new RangeHeaderValue(0, 3);
        var part = await client.SendAsync(ranged);
        var reasons = await (await client.GetAsync($"{V1}/AuditReasons")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var audited = await client.PostAsJsonAsync($"{V1}/Entries/{document.Id()}/Laserfiche.Repository.Document/GetEdocWithAuditReason",
            new { auditReasonId = reasons["exportDocument"]![0]!["id"]!.GetValue<int>(), comment = "for the auditor" });

        whole.StatusCode.Should().Be(HttpStatusCode.OK);
        whole.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        (await whole.Content.ReadAsByteArrayAsync()).Should().Equal(pdf);
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        head.Content.Headers.ContentLength.Should().Be(pdf.Length);
        part.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await part.Content.ReadAsByteArrayAsync()).Should().Equal(pdf[..4]);
        audited.StatusCode.Should().Be(HttpStatusCode.OK);
        (await audited.Content.ReadAsByteArrayAsync()).Should().Equal(pdf);
    }

    [Fact]
    public async Task Edoc_export_problems_name_what_was_wrong()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Folder");
        var pdf = await client.ImportAsync(1, TestFiles.Pdf(1), "report.pdf", new { name = "Report" }, "application/pdf");

        (await (await client.GetAsync($"{V1}/Entries/{folder.Id()}/Laserfiche.Repository.Document/edoc")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a document."))
            .Str("detail").Should().Contain("Folder");
        await (await client.GetAsync($"{V1}/Entries/999/Laserfiche.Repository.Document/edoc")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await client.PostAsJsonAsync($"{V1}/Entries/{pdf.Id()}/Laserfiche.Repository.Document/GetEdocWithAuditReason", new { auditReasonId = 4242 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Str("detail").Should().Contain("4242");
    }

    [Fact]
    public async Task DeleteDocument_and_DeletePages_answer_true_and_v2_sees_the_change()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var pdf = await client.ImportAsync(1, TestFiles.Pdf(1), "report.pdf", new { name = "Report" }, "application/pdf");
        var png = await client.ImportAsync(1, TestFiles.Png(), "page.png", new { name = "Scan" });

        var deleted = await (await client.DeleteAsync($"{V1}/Entries/{pdf.Id()}/Laserfiche.Repository.Document/edoc")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var pages = await (await client.DeleteAsync($"{V1}/Entries/{png.Id()}/Laserfiche.Repository.Document/pages?pageRange=1")).ShouldBeJsonAsync(HttpStatusCode.OK);

        deleted["value"]!.GetValue<bool>().Should().BeTrue();
        (await client.GetEntryAsync(pdf.Id()))["isElectronicDocument"]!.GetValue<bool>().Should().BeFalse();
        await (await client.GetAsync($"{V1}/Entries/{pdf.Id()}/Laserfiche.Repository.Document/edoc")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        pages["value"]!.GetValue<bool>().Should().BeTrue();
        (await client.GetEntryAsync(png.Id()))["pageCount"]!.GetValue<int>().Should().Be(0);
        await (await client.DeleteAsync($"{V1}/Entries/{png.Id()}/Laserfiche.Repository.Document/pages?pageRange=x")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
