using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using LfRepo.Server.Documents;
using LfRepo.Server.Documents.Imaging;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Documents;

[Trait("Engine", "Both")]
public sealed class ImportExportTests
{
    private const int Root = 1;

    [Fact]
    public async Task A_PNG_becomes_one_image_page_with_a_location()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostImportAsync(Root, TestFiles.Png(), "scan.png", new { name = "Scan" });

        var entry = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        entry.Str("entryType").Should().Be("Document");
        entry.Str("@odata.type").Should().Be("#Laserfiche.Repository.Document");
        entry.Str("name").Should().Be("Scan");
        entry["pageCount"]!.GetValue<int>().Should().Be(1);
        entry["isElectronicDocument"]!.GetValue<bool>().Should().BeFalse();
        entry["electronicDocumentSize"]!.GetValue<long>().Should().Be(0);
        response.Headers.Location!.ToString().Should().EndWith($"/v2/Repositories/{LfRepoApp.RepositoryId}/Entries/{entry.Id()}");
        (await client.GetEntryAsync(entry.Id()))["pageCount"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task A_multi_page_TIFF_gives_one_page_per_frame()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var entry = await client.ImportAsync(Root, TestFiles.Tiff(3), "fax.tif", new { name = "Fax" });

        entry["pageCount"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public async Task A_text_file_gives_text_pages_split_at_form_feeds_and_exports_as_text()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var text = "First page ü\fSecond page";

        var entry = await client.ImportAsync(Root, Encoding.UTF8.GetBytes(text), "notes.txt", new { name = "Notes" });
        entry["pageCount"]!.GetValue<int>().Should().Be(2);

        var all = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Text" });
        (await all.Content.ReadAsStringAsync()).Should().Be(text);
        all.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        all.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("Notes.txt");

        var second = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Text" }, pageRange: "2");
        (await second.Content.ReadAsStringAsync()).Should().Be("Second page");
    }

    [Fact]
    public async Task Importing_an_image_as_electronic_document_keeps_it_whole()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var png = TestFiles.Png();

        var entry = await client.ImportAsync(Root, png, "photo.png", new { name = "Photo", importAsElectronicDocument = true });

        entry["pageCount"]!.GetValue<int>().Should().Be(0);
        entry["isElectronicDocument"]!.GetValue<bool>().Should().BeTrue();
        entry.Str("mimeType").Should().Be("image/png");
        entry.Str("extension").Should().Be("png");
        entry["electronicDocumentSize"]!.GetValue<long>().Should().Be(png.Length);
    }

    [Fact]
    public async Task Any_other_file_is_the_electronic_document_and_exports_byte_identical()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var pdf = TestFiles.Pdf(2);

        var entry = await client.ImportAsync(Root, pdf, "report.PDF", new { name = "Report ä" }, "application/pdf");
        entry["isElectronicDocument"]!.GetValue<bool>().Should().BeTrue();
        entry.Str("extension").Should().Be("pdf");
        entry.Str("mimeType").Should().Be("application/pdf");
        entry["electronicDocumentSize"]!.GetValue<long>().Should().Be(pdf.Length);
        entry["pageCount"]!.GetValue<int>().Should().Be(0);

        var download = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Edoc" });
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(pdf);
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        download.Content.Headers.ContentLength.Should().Be(pdf.Length);
        download.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("Report ä.pdf");
    }

    [Fact]
    public async Task The_mime_type_comes_from_the_extension_when_the_part_has_none()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var entry = await client.ImportAsync(Root, [1, 2, 3], "sheet.docx", new { name = "Sheet" });

        entry.Str("mimeType").Should().Be("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }

    [Fact]
    public async Task A_zero_byte_file_gives_an_empty_document()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var entry = await client.ImportAsync(Root, [], "empty.pdf", new { name = "Empty" });

        entry["pageCount"]!.GetValue<int>().Should().Be(0);
        entry["isElectronicDocument"]!.GetValue<bool>().Should().BeFalse();
        entry["electronicDocumentSize"]!.GetValue<long>().Should().Be(0);
    }

    [Fact]
    public async Task GeneratePages_on_a_PDF_gives_one_page_per_PDF_page()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var kept = await client.ImportAsync(Root, TestFiles.Pdf(3), "a.pdf", new { name = "Kept", pdfOptions = new { generatePages = true } });
        var dropped = await client.ImportAsync(Root, TestFiles.PdfWithObjectStreams(2), "b.pdf",
            new { name = "Dropped", pdfOptions = new { generatePages = true, keepPdfAfterImport = false, generatePagesImageType = "BlackAndWhite" } });

        kept["pageCount"]!.GetValue<int>().Should().Be(3);
        kept["isElectronicDocument"]!.GetValue<bool>().Should().BeTrue();
        dropped["pageCount"]!.GetValue<int>().Should().Be(2);
        dropped["isElectronicDocument"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Pages_generated_from_a_PDF_export_as_a_PDF_of_the_selected_pages()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, TestFiles.Pdf(3), "a.pdf", new { name = "Three", pdfOptions = new { generatePages = true } });

        var download = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PDF" } }, pageRange: "3,1");

        PdfFiles.PageSizes(new MemoryStream(await download.Content.ReadAsByteArrayAsync())).Select(p => p.Width).Should().Equal(302, 300);
        download.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("Three.pdf");
    }

    [Fact]
    public async Task GeneratePages_from_a_non_PDF_file_is_a_501()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var word = await client.PostImportAsync(Root, [1, 2], "a.docx", new { name = "B", pdfOptions = new { generatePages = true } });

        (await word.ShouldBeProblemAsync(HttpStatusCode.NotImplemented))["detail"]!.GetValue<string>().Should().Contain("generatePages");
    }

    [Fact]
    public async Task GenerateText_extracts_each_PDF_pages_text()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var withPages = await client.PostImportAsync(Root, TestFiles.Pdf(2), "two.pdf", new { name = "Two", pdfOptions = new { generatePages = true, generateText = true } });
        var textOnly = await client.PostImportAsync(Root, TestFiles.Pdf(2), "two.pdf", new { name = "Two text", pdfOptions = new { generateText = true } });

        foreach (var response in new[] { withPages, textOnly })
        {
            var entry = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
            entry["pageCount"]!.GetValue<int>().Should().Be(2);
            var text = await (await client.ExportAndDownloadAsync(entry.Id(), new { part = "Text" })).Content.ReadAsStringAsync();
            text.Should().Contain("Page 1").And.Contain("Page 2");
            text.IndexOf("Page 1", StringComparison.Ordinal).Should().BeLessThan(text.IndexOf("Page 2", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Names_conflict_unless_autoRename()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        await client.ImportAsync(Root, [1], "a.bin", new { name = "Same" });

        var conflict = await client.PostImportAsync(Root, [1], "a.bin", new { name = "Same" });
        var renamed = await client.ImportAsync(Root, [1], "a.bin", new { name = "Same", autoRename = true });

        await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        renamed.Str("name").Should().Be("Same (2)");
    }

    [Fact]
    public async Task FolderPath_imports_below_the_folder_and_creates_folders_when_asked()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var missing = await client.PostImportAsync(Root, [1], "a.bin", new { name = "Deep", folderPath = "x/y" });
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var response = await client.PostAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Import?autoCreateFolderPath=true",
            DocumentClient.ImportBody([1], "a.bin", new { name = "Deep", folderPath = "x/y" }));
        var entry = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        entry.Str("fullPath").Should().Be("\\x\\y\\Deep");
    }

    [Fact]
    public async Task Bad_requests_say_what_was_wrong()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var url = $"{LfRepoApp.V2}/Entries/{Root}/Folder/Import";

        var noRequest = new MultipartFormDataContent { { new ByteArrayContent([1]), "file", "a.bin" } };
        (await (await client.PostAsync(url, noRequest)).ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().Should().Contain("'request'");

        var garbage = new ByteArrayContent(Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end"));
        garbage.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xyz");
        (await (await client.PostAsync(url, garbage)).ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().Should().Contain("malformed");

        (await client.PostAsJsonAsync(url, new { name = "x" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var badJson = new MultipartFormDataContent { { new StringContent("{not json"), "request" } };
        await (await client.PostAsync(url, badJson)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        await (await client.PostImportAsync(Root, [1], "a.bin", new { name = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostImportAsync(Root, [1, 2, 3], "broken.png", new { name = "Broken" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid file.");
        await (await client.PostImportAsync(999, [1], "a.bin", new { name = "Nowhere" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Metadata_on_import_sets_template_fields_tags_and_links()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var other = await client.CreateFolderAsync(Root, "Linked");

        var entry = await client.ImportAsync(Root, [1, 2, 3], "invoice.bin", new
        {
            name = "Invoice 1",
            metadata = new
            {
                templateName = "Invoice",
                fields = new[] { new { name = "Invoice Number", values = new[] { "ABC-1" } }, new { name = "Comment", values = new[] { "imported" } } },
                tags = new[] { "Reviewed" },
                links = new[] { new { linkDefinitionId = 1, otherEntryId = other.Id(), isSource = true } },
            },
        });

        entry.Str("templateName").Should().Be("Invoice");
        var fields = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Fields")).ShouldBeJsonAsync(HttpStatusCode.OK);
        fields["value"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).Should().Contain(["Invoice Number", "Comment"]);
        var tags = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Tags")).ShouldBeJsonAsync(HttpStatusCode.OK);
        tags["value"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Should().Equal("Reviewed");
        var links = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Links")).ShouldBeJsonAsync(HttpStatusCode.OK);
        links["value"]!.AsArray().Single()!["targetId"]!.GetValue<int>().Should().Be(other.Id());
    }

    [Fact]
    public async Task Bad_metadata_on_import_fails_the_import_and_creates_nothing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var unknownTemplate = await client.PostImportAsync(Root, [1], "a.bin", new { name = "A", metadata = new { templateName = "faketemplate123" } });
        var missingRequired = await client.PostImportAsync(Root, [1], "a.bin", new { name = "B", metadata = new { templateName = "Invoice" } });
        var badValue = await client.PostImportAsync(Root, [1], "a.bin", new { name = "C", metadata = new { fields = new[] { new { name = "Quantity", values = new[] { "many" } } } } });
        var unknownTag = await client.PostImportAsync(Root, [1], "a.bin", new { name = "D", metadata = new { tags = new[] { "No such tag" } } });

        (await unknownTemplate.ShouldBeProblemAsync(HttpStatusCode.NotFound))["errorCode"]!.GetValue<int>().Should().Be(204);
        await missingRequired.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await badValue.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().Should().Contain("many");
        unknownTag.StatusCode.Should().BeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        var root = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Children?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        root["@odata.count"]!.GetValue<int>().Should().Be(0, "a refused import leaves nothing behind");
    }

    [Fact]
    public async Task Export_takes_an_ExportDocument_audit_reason_and_refuses_any_other()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, [1, 2, 3], "a.bin", new { name = "Audited" });
        var reasons = (await (await client.GetAsync($"{LfRepoApp.V2}/AuditReasons")).ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray();
        var export = reasons.First(r => r!["auditEventType"]!.GetValue<string>() == "ExportDocument")!["id"]!.GetValue<int>();
        var delete = reasons.First(r => r!["auditEventType"]!.GetValue<string>() == "DeleteEntry")!["id"]!.GetValue<int>();

        (await client.PostExportAsync(entry.Id(), new { part = "Edoc", auditReasonId = export })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await client.PostExportAsync(entry.Id(), new { part = "Edoc", auditReasonId = delete })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            ["detail"]!.GetValue<string>().Should().Contain(delete.ToString());
        await (await client.PostExportAsync(entry.Id(), new { part = "Edoc", auditReasonId = 777 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/ExportAsync", new { part = "Edoc", auditReasonId = 777 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Files_over_the_limit_are_413()
    {
        await using var app = new LfRepoApp(("LfRepo:Documents:MaxImportBytes", "1000"));
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostImportAsync(Root, new byte[1001], "big.bin", new { name = "Big" });
        var fits = await client.PostImportAsync(Root, new byte[1000], "fits.bin", new { name = "Fits" });

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "Request is too large.");
        fits.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_download_link_works_once()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, [1, 2, 3], "a.bin", new { name = "Once" });
        var link = await client.ExportAsync(entry.Id(), new { part = "Edoc" });

        var anonymous = app.CreateClient();
        (await anonymous.GetAsync(link)).StatusCode.Should().Be(HttpStatusCode.OK);
        var again = await anonymous.GetAsync(link);

        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await again.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_download_link_expires_after_15_minutes()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, [1, 2, 3], "a.bin", new { name = "Late" });
        var early = await client.ExportAsync(entry.Id(), new { part = "Edoc" });
        var late = await client.ExportAsync(entry.Id(), new { part = "Edoc" });

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        (await client.GetAsync(early)).StatusCode.Should().Be(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        (await client.GetAsync(late)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ExportAsync_runs_as_a_task_whose_uri_is_the_link()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, [9, 8, 7], "a.bin", new { name = "Later" });

        var started = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/ExportAsync", new { part = "Edoc" }))
            .ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var task = await client.WaitForTaskAsync(started.Str("taskId"));

        task.Str("status").Should().Be("Completed");
        task.Str("taskType").Should().Be("ExportEntry");
        task["result"]!["entryId"]!.GetValue<int>().Should().Be(entry.Id());
        var download = await client.GetAsync(task["result"]!["uri"]!.GetValue<string>());
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(9, 8, 7);
    }

    [Fact]
    public async Task ExportAsync_fails_the_task_when_the_export_fails()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, [1], "a.bin", new { name = "No pages" });

        var started = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/ExportAsync", new { part = "Image" }))
            .ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var task = await client.WaitForTaskAsync(started.Str("taskId"));

        task.Str("status").Should().Be("Failed");
        task["errors"]![0]!["status"]!.GetValue<int>().Should().Be(400);
    }

    [Fact]
    public async Task Export_errors_are_problems()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var edocOnly = await client.ImportAsync(Root, [1], "a.bin", new { name = "Edoc only" });
        var pagesOnly = await client.ImportAsync(Root, TestFiles.Png(), "a.png", new { name = "Pages only" });
        var folder = await client.CreateFolderAsync(Root, "Folder");

        await (await client.PostExportAsync(edocOnly.Id(), new { part = "Image" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The document has no pages to export.");
        await (await client.PostExportAsync(pagesOnly.Id(), new { part = "Edoc" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostExportAsync(folder.Id(), new { part = "Edoc" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a document.");
        await (await client.PostExportAsync(999, new { part = "Edoc" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostExportAsync(pagesOnly.Id(), new { part = "Image" }, pageRange: "x-1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostExportAsync(pagesOnly.Id(), new { part = "Image" }, pageRange: "5")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostExportAsync(pagesOnly.Id(), new { part = "Image", imageOptions = new { pagePrefix = "a/b" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostExportAsync(pagesOnly.Id(), new { part = "Image", imageOptions = new { watermark = new { text = " " } } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostExportAsync(pagesOnly.Id(), new { part = "Text", textOptions = new { redactionCharacter = "XX" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostExportAsync(pagesOnly.Id(), new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Image_pages_export_as_PDF_with_JPEG_passed_through()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var jpeg = TestFiles.Jpeg();
        var body = DocumentClient.ImportBody(TestFiles.Png(6, 5), "a.png", new { name = "Mixed" });
        body.Add(new ByteArrayContent(jpeg), "imageFiles", "b.jpg");
        body.Add(new ByteArrayContent(TestFiles.Tiff(2)), "imageFiles", "c.tiff");
        var entry = await (await client.PostAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Import", body)).ShouldBeJsonAsync(HttpStatusCode.Created);
        entry["pageCount"]!.GetValue<int>().Should().Be(4);

        var download = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PDF", watermark = new { text = "DRAFT", rotationAngle = 45 } } });

        var bytes = await download.Content.ReadAsByteArrayAsync();
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        download.Content.Headers.ContentLength.Should().Be(bytes.Length);
        PdfFiles.PageSizes(new MemoryStream(bytes)).Select(p => (p.Width, p.Height)).Should().Equal((6, 5), (8, 8), (6, 4), (7, 4));
        bytes.AsSpan().IndexOf(jpeg).Should().BePositive("the JPEG page is embedded unchanged");
        PdfFiles.PageTexts(new MemoryStream(bytes), CancellationToken.None).Should().AllSatisfy(text => text.Should().Contain("DRAFT"));
        await ExternalTools.CheckPdfAsync(bytes, pages: 4);
    }

    [Fact]
    public async Task Text_pages_export_as_PDF_text()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, Encoding.UTF8.GetBytes("Hello (world)\fSecond"), "a.txt", new { name = "Text" });

        var download = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PDF" } });

        var bytes = await download.Content.ReadAsByteArrayAsync();
        PdfFiles.PageSizes(new MemoryStream(bytes)).Should().HaveCount(2);
        PdfFiles.PageTexts(new MemoryStream(bytes), CancellationToken.None).Should().Equal("Hello (world)", "Second");
    }

    [Fact]
    public async Task Image_pages_export_as_TIFF_PNG_and_zips()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, TestFiles.Tiff(3), "a.tif", new { name = "Scan" });

        var tiff = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image" }, pageRange: "1-2");
        tiff.Content.Headers.ContentType!.MediaType.Should().Be("image/tiff");
        tiff.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("Scan.tif");
        var tiffBytes = await tiff.Content.ReadAsByteArrayAsync();
        TiffFiles.ReadFrames(new MemoryStream(tiffBytes)).Select(f => f.Width).Should().Equal(6, 7);
        await ExternalTools.CheckTiffAsync(tiffBytes);

        var zip = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "SinglePageTIFF", pagePrefix = "-p" } });
        zip.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        zip.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("Scan.zip");
        using (var archive = new ZipArchive(new MemoryStream(await zip.Content.ReadAsByteArrayAsync())))
        {
            archive.Entries.Select(e => e.FullName).Should().Equal("Scan-p1.tif", "Scan-p2.tif", "Scan-p3.tif");
            using var third = new MemoryStream();
            await archive.Entries[2].Open().CopyToAsync(third);
            third.Position = 0;
            TiffFiles.ReadFrames(third).Should().ContainSingle().Which.Width.Should().Be(8);
        }

        var png = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PNG" } }, pageRange: "2");
        png.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        var raster = ImageFiles.Decode(new MemoryStream(await png.Content.ReadAsByteArrayAsync()));
        (raster.Width, raster.Height, raster.Channels).Should().Be((7, 4, 1));

        var pngs = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
        using (var archive = new ZipArchive(new MemoryStream(await pngs.Content.ReadAsByteArrayAsync())))
        {
            archive.Entries.Select(e => e.FullName).Should().Equal("Scan, Page 1.png", "Scan, Page 2.png", "Scan, Page 3.png");
        }
    }

    [Fact]
    public async Task GIF_BMP_and_PCX_pages_export_as_PNG()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var gif = await client.ImportAsync(Root, TestFiles.Gif(2, 1, [1, 3]), "a.gif", new { name = "Gif" });
        var bmp = await client.ImportAsync(Root, TestFiles.Bmp24(1, 1, (_, _) => (1, 2, 3)), "a.bmp", new { name = "Bmp" });
        var pcx = await client.ImportAsync(Root, TestFiles.Pcx24([7, 8, 9]), "a.pcx", new { name = "Pcx" });

        var fromGif = await client.ExportAndDownloadAsync(gif.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
        var fromBmp = await client.ExportAndDownloadAsync(bmp.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });

        ImageFiles.Decode(new MemoryStream(await fromGif.Content.ReadAsByteArrayAsync())).Pixels.Should().Equal(255, 0, 0, 0, 0, 255);
        ImageFiles.Decode(new MemoryStream(await fromBmp.Content.ReadAsByteArrayAsync())).Pixels.Should().Equal(1, 2, 3);
        var fromPcx = await client.ExportAndDownloadAsync(pcx.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
        ImageFiles.Decode(new MemoryStream(await fromPcx.Content.ReadAsByteArrayAsync())).Pixels.Should().Equal(7, 8, 9);
    }

    [Fact]
    public async Task JPEG_export_passes_JPEG_pages_through_and_encodes_the_others()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var jpeg = TestFiles.Jpeg();
        var photo = await client.ImportAsync(Root, jpeg, "a.jpg", new { name = "Photo" });
        var scan = await client.ImportAsync(Root, TestFiles.Png(9, 7), "a.png", new { name = "Scan" });

        var passed = await client.ExportAndDownloadAsync(photo.Id(), new { part = "Image", imageOptions = new { format = "JPEG" } });
        var encoded = await client.ExportAndDownloadAsync(scan.Id(), new { part = "Image", imageOptions = new { format = "JPEG", jPEGCompressionLevel = 90 } });
        var asPng = await client.ExportAndDownloadAsync(photo.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
        var badQuality = await client.PostExportAsync(scan.Id(), new { part = "Image", imageOptions = new { format = "JPEG", jPEGCompressionLevel = 101 } });

        (await passed.Content.ReadAsByteArrayAsync()).Should().Equal(jpeg);
        passed.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("Photo.jpg");
        encoded.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        var decoded = ImageFiles.Decode(new MemoryStream(await encoded.Content.ReadAsByteArrayAsync()));
        (decoded.Width, decoded.Height).Should().Be((9, 7));
        ImageFiles.Decode(new MemoryStream(await asPng.Content.ReadAsByteArrayAsync())).Pixels.Should().AllBeEquivalentTo((byte)128);
        await badQuality.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Raster_exports_draw_text_pages_and_watermarks_with_the_bitmap_font()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var text = await client.ImportAsync(Root, Encoding.UTF8.GetBytes("Hello"), "a.txt", new { name = "Text" });
        var white = new Raster(60, 30, 3, Enumerable.Repeat((byte)255, 60 * 30 * 3).ToArray());
        using var png = new MemoryStream();
        ImageFiles.EncodePng(white, png);
        var scan = await client.ImportAsync(Root, png.ToArray(), "a.png", new { name = "Scan" });

        var page = await client.ExportAndDownloadAsync(text.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
        var marked = await client.ExportAndDownloadAsync(scan.Id(), new { part = "Image", imageOptions = new { watermark = new { text = "XXXX", pageSpanPercentage = 80 } } });

        var rendered = ImageFiles.Decode(new MemoryStream(await page.Content.ReadAsByteArrayAsync()));
        (rendered.Width, rendered.Height).Should().Be((850, 1100));
        rendered.Pixels.Should().Contain(0, "the text is drawn in black");
        var stream = new MemoryStream(await marked.Content.ReadAsByteArrayAsync());
        var frame = TiffFiles.Decode(stream, 0);
        frame.Pixels.Count(p => p == 153).Should().BeGreaterThan(30, "the watermark is drawn in grey");
        frame.Pixels[0].Should().Be(255, "the corner stays white");
    }

    [Fact]
    public async Task PDF_pages_become_PNG_through_pdftoppm_or_a_501_naming_it()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var pdf = await client.ImportAsync(Root, TestFiles.Pdf(2), "a.pdf", new { name = "Pdf", pdfOptions = new { generatePages = true } });
        var installed = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(folder => File.Exists(Path.Combine(folder, "pdftoppm")));

        var response = await client.PostExportAsync(pdf.Id(), new { part = "Image", imageOptions = new { format = "PNG" } }, pageRange: "2");

        if (installed)
        {
            var link = (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).Str("value");
            var raster = ImageFiles.Decode(new MemoryStream(await (await client.GetAsync(link)).Content.ReadAsByteArrayAsync()));
            raster.Width.Should().BeCloseTo(301 * 150 / 72, 2);
        }
        else
        {
            (await response.ShouldBeProblemAsync(HttpStatusCode.NotImplemented))["detail"]!.GetValue<string>().Should().Contain("pdftoppm");
        }
    }

    [Theory]
    [InlineData("StandardColor", 150, false)]
    [InlineData("HighQualityColor", 300, false)]
    [InlineData("BlackAndWhite", 150, true)]
    public async Task GeneratePagesImageType_sets_how_PDF_pages_render(string imageType, int dpi, bool onlyBlackAndWhite)
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var installed = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(folder => File.Exists(Path.Combine(folder, "pdftoppm")));
        var pdf = await client.ImportAsync(Root, TestFiles.Pdf(1), "a.pdf", new { name = "Pdf", pdfOptions = new { generatePages = true, generatePagesImageType = imageType } });
        if (!installed)
        {
            var refused = await client.PostExportAsync(pdf.Id(), new { part = "Image", imageOptions = new { format = "PNG" } });
            (await refused.ShouldBeProblemAsync(HttpStatusCode.NotImplemented))["detail"]!.GetValue<string>().Should().Contain("pdftoppm");
            return;
        }

        var raster = ImageFiles.Decode(new MemoryStream(await (await client.ExportAndDownloadAsync(pdf.Id(), new { part = "Image", imageOptions = new { format = "PNG" } })).Content.ReadAsByteArrayAsync()));

        raster.Width.Should().BeCloseTo(300 * dpi / 72, 2);
        var values = raster.Pixels.Distinct().ToList();
        if (onlyBlackAndWhite)
        {
            values.Should().BeSubsetOf(new byte[] { 0, 255 });
        }
        else
        {
            values.Should().Contain(v => v != 0 && v != 255, "anti-aliased colour text has grey levels");
        }
    }

    [Fact]
    public async Task Pages_of_a_PDF_mix_with_other_pages_and_take_watermarks()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var pdf = await client.ImportAsync(Root, TestFiles.Pdf(2), "a.pdf", new { name = "Pdf", pdfOptions = new { generatePages = true } });
        var mixed = DocumentClient.ImportBody(TestFiles.PdfWithObjectStreams(1), "b.pdf", new { name = "Mixed", pdfOptions = new { generatePages = true } });
        mixed.Add(new ByteArrayContent(TestFiles.Png()), "imageFiles", "c.png");
        var both = await (await client.PostAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Import", mixed)).ShouldBeJsonAsync(HttpStatusCode.Created);

        var marked = await client.ExportAndDownloadAsync(pdf.Id(), new { part = "Image", imageOptions = new { format = "PDF", watermark = new { text = "W" } } }, pageRange: "2,1");
        var combined = await client.ExportAndDownloadAsync(both.Id(), new { part = "Image", imageOptions = new { format = "PDF" } });

        var markedBytes = await marked.Content.ReadAsByteArrayAsync();
        PdfFiles.PageSizes(new MemoryStream(markedBytes)).Select(p => p.Width).Should().Equal(301, 300);
        var markedTexts = PdfFiles.PageTexts(new MemoryStream(markedBytes), CancellationToken.None);
        markedTexts[0].Should().Contain("Page 2").And.Contain("W");
        markedTexts[1].Should().Contain("Page 1").And.Contain("W");
        await ExternalTools.CheckPdfAsync(markedBytes, pages: 2);
        var combinedBytes = await combined.Content.ReadAsByteArrayAsync();
        PdfFiles.PageSizes(new MemoryStream(combinedBytes)).Select(p => (p.Width, p.Height)).Should().Equal((200, 100), (4, 3));
        await ExternalTools.CheckPdfAsync(combinedBytes, pages: 2);
    }

    [Fact]
    public async Task Conversions_LfRepo_cannot_make_name_what_is_missing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var pcx = new byte[128];
        (pcx[0], pcx[2], pcx[3], pcx[65], pcx[8]) = (0x0A, 1, 4, 1, 3);
        var old = await client.ImportAsync(Root, pcx, "a.pcx", new { name = "Pcx" });

        var pcxAsTiff = await client.PostExportAsync(old.Id(), new { part = "Image" });

        (await pcxAsTiff.ShouldBeProblemAsync(HttpStatusCode.NotImplemented))["detail"]!.GetValue<string>().Should().Contain("PCX images with 1 plane(s) of 4 bit(s)");
    }

    [Fact]
    public async Task Deleting_the_edoc_keeps_the_pages()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, TestFiles.Pdf(2), "a.pdf", new { name = "Both", pdfOptions = new { generatePages = true } });

        var response = await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Document/Edoc");

        var updated = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        updated["isElectronicDocument"]!.GetValue<bool>().Should().BeFalse();
        updated["electronicDocumentSize"]!.GetValue<long>().Should().Be(0);
        updated["pageCount"]!.GetValue<int>().Should().Be(2);
        await (await client.PostExportAsync(entry.Id(), new { part = "Edoc" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{Root}/Document/Edoc")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Entry is not a document.");
    }

    [Fact]
    public async Task Deleting_pages_renumbers_the_rest()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var entry = await client.ImportAsync(Root, Encoding.UTF8.GetBytes("one\ftwo\fthree\ffour"), "a.txt", new { name = "Four" });

        var response = await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Document/Pages?pageRange=1,3");

        (await response.ShouldBeJsonAsync(HttpStatusCode.OK))["pageCount"]!.GetValue<int>().Should().Be(2);
        var text = await client.ExportAndDownloadAsync(entry.Id(), new { part = "Text" });
        (await text.Content.ReadAsStringAsync()).Should().Be("two\ffour");

        var all = await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Document/Pages");
        (await all.ShouldBeJsonAsync(HttpStatusCode.OK))["pageCount"]!.GetValue<int>().Should().Be(0);
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{entry.Id()}/Document/Pages?pageRange=3-1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Copies_share_content_and_deleting_releases_it()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var store = app.Services.GetRequiredService<ContentStore>();
        var folder = await client.CreateFolderAsync(Root, "Folder");
        var pdf = TestFiles.Pdf(2);
        var entry = await client.ImportAsync(folder.Id(), pdf, "a.pdf", new { name = "Original", pdfOptions = new { generatePages = true } });
        await client.ImportAsync(folder.Id(), Encoding.UTF8.GetBytes("text"), "a.txt", new { name = "Notes" });
        var blobs = await store.CountAsync(CancellationToken.None);
        blobs.Should().Be(2);

        var copy = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{Root}/Folder/Copy", new { sourceId = entry.Id(), name = "Copy" }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var folderCopy = await client.WaitForTaskAsync(await client.StartCopyAsync(Root, folder.Id(), "Folder copy"));
        folderCopy.Str("status").Should().Be("Completed");

        (await store.CountAsync(CancellationToken.None)).Should().Be(blobs, "copies reference the same content");
        copy["pageCount"]!.GetValue<int>().Should().Be(2);
        var copied = await client.ExportAndDownloadAsync(copy.Id(), new { part = "Edoc" });
        (await copied.Content.ReadAsByteArrayAsync()).Should().Equal(pdf);

        (await client.WaitForTaskAsync(await client.StartDeleteAsync(folder.Id()))).Str("status").Should().Be("Completed");
        (await client.WaitForTaskAsync(await client.StartDeleteAsync(copy.Id()))).Str("status").Should().Be("Completed");
        (await store.CountAsync(CancellationToken.None)).Should().Be(blobs, "the folder's copy still references everything");

        (await client.WaitForTaskAsync(await client.StartDeleteAsync(folderCopy["result"]!["entryId"]!.GetValue<int>()))).Str("status").Should().Be("Completed");
        (await store.CountAsync(CancellationToken.None)).Should().Be(0);
    }

    [Fact]
    public async Task Identical_imports_share_one_blob()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var store = app.Services.GetRequiredService<ContentStore>();

        await client.ImportAsync(Root, [5, 5, 5], "a.bin", new { name = "One" });
        await client.ImportAsync(Root, [5, 5, 5], "b.bin", new { name = "Two" });

        (await store.CountAsync(CancellationToken.None)).Should().Be(1);
    }
}
