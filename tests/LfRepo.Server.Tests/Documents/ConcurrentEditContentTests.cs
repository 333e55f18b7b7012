using System.Net;
using System.Text;
using LfRepo.Server.Documents;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Documents;

/// <summary>Concurrent edits of one document: the losers' 409 leaves no blob behind in the content store or in staging.</summary>
[Trait("Engine", "Both")]
public sealed class ConcurrentEditContentTests
{
    [Fact]
    public async Task Concurrent_page_and_edoc_edits_that_answer_409_leave_no_unreferenced_content()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var id = await client.CreateTextDocumentAsync("Contended", "first page");
        var statuses = new List<HttpStatusCode>();

        for (var round = 0; round < 3; round++)
        {
            var edits = Enumerable.Range(0, 8).Select(i =>
            {
                var unique = round * 100 + i;
                return (i % 3) switch
                {
                    0 => client.PostPagesAsync(id, DocumentEditClient.PagesBody([(TestFiles.Png(2 + unique % 7, 2 + unique / 7), $"p{unique}.png")], [$"text {unique}"])),
                    1 => client.PutAsync($"{DocumentEditClient.DocumentUrl(id)}/Pages", DocumentEditClient.PagesBody(textPages: [$"replaced {unique}", $"second {unique}"])),
                    _ => client.PatchAsync(DocumentEditClient.DocumentUrl(id), DocumentClient.ImportBody(Encoding.UTF8.GetBytes($"edoc bytes {unique}"), $"e{unique}.docx", new { })),
                };
            }).ToList();
            foreach (var response in await Task.WhenAll(edits))
            {
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "The document changed while the request ran.");
                }
            }
        }

        statuses.Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict);
        statuses.Should().Contain(HttpStatusCode.OK);
        await app.ShouldHaveASoundStoreAsync();
        var staging = app.Services.GetRequiredService<ContentStore>().StagingFolder;
        (Directory.Exists(staging) ? Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories) : []).Should().BeEmpty("staged files of finished requests are gone");
    }
}
