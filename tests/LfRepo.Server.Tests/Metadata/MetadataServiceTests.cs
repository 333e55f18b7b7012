using System.Net;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LfRepo.Server.Tests.Metadata;

/// <summary>MetadataService.ApplyAsync, the entry point import uses for ImportEntryRequest.metadata.</summary>
[Trait("Engine", "Both")]
public sealed class MetadataServiceTests
{
    [Fact]
    public async Task ApplyAsync_sets_template_fields_tags_and_links_at_once()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var other = await client.CreateFolderAsync(1, "Other");
        var metadata = app.Services.GetRequiredService<MetadataService>();

        await metadata.ApplyAsync(folder.Id(), "Invoice",
            [new FieldToUpdate { Name = "Invoice Number", Values = ["INV-7"] }, new FieldToUpdate { Name = "Quantity", Values = ["2"] }],
            ["Reviewed"], [new LinkToUpdate { LinkDefinitionId = 1, OtherEntryId = other.Id() }], CancellationToken.None);

        var entry = await client.GetEntryAsync(folder.Id());
        entry.Str("templateName").Should().Be("Invoice");
        var fields = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Fields")).ShouldBeJsonAsync(HttpStatusCode.OK);
        fields["value"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).Should().Contain(["Invoice Number", "Quantity"]);
        var tags = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Tags")).ShouldBeJsonAsync(HttpStatusCode.OK);
        tags["value"]!.AsArray().Should().ContainSingle();
        var links = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{other.Id()}/Links")).ShouldBeJsonAsync(HttpStatusCode.OK);
        links["value"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task ApplyAsync_refuses_an_unknown_template_with_error_code_204_and_writes_nothing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var metadata = app.Services.GetRequiredService<MetadataService>();

        var act = () => metadata.ApplyAsync(folder.Id(), "faketemplate123", null, ["Reviewed"], null, CancellationToken.None);

        var thrown = await act.Should().ThrowAsync<ApiProblemException>();
        thrown.Which.Kind.Should().Be(ProblemCatalog.TemplateNotFound);
        thrown.Which.Kind.ErrorCode.Should().Be(204);
        thrown.Which.Kind.Status.Should().Be(404);
        var tags = await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Tags")).ShouldBeJsonAsync(HttpStatusCode.OK);
        tags["value"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task ApplyAsync_validates_everything_before_writing()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "F");
        var metadata = app.Services.GetRequiredService<MetadataService>();

        var act = () => metadata.ApplyAsync(folder.Id(), "General", [new FieldToUpdate { Name = "Text", Values = ["ok"] }], ["Nope"], null, CancellationToken.None);

        (await act.Should().ThrowAsync<ApiProblemException>()).Which.Kind.Should().Be(ProblemCatalog.UnknownTag);
        (await client.GetEntryAsync(folder.Id()))["templateId"]!.GetValue<int>().Should().Be(0);
        var required = () => metadata.ApplyAsync(folder.Id(), "Invoice", null, null, null, CancellationToken.None);
        (await required.Should().ThrowAsync<ApiProblemException>()).Which.Kind.Should().Be(ProblemCatalog.RequiredFieldMissing);
    }

    [Fact]
    public async Task A_seed_naming_an_undefined_field_or_template_stops_the_start_with_a_message()
    {
        var seed = Path.Combine(Path.GetTempPath(), $"lfrepo-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(seed, """{ "templateDefinitions": [ { "name": "T", "fields": [ "Missing" ] } ] }""");
        try
        {
            await using var app = new LfRepoApp(("LfRepo:Seed", seed));
            var act = () => app.CreateSignedInClientAsync();
            (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Missing");
        }
        finally
        {
            File.Delete(seed);
        }
    }

    [Fact]
    public async Task A_seed_field_whose_constraint_is_no_regular_expression_stops_the_start()
    {
        var seed = Path.Combine(Path.GetTempPath(), $"lfrepo-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(seed, """{ "fieldDefinitions": [ { "name": "Broken", "fieldType": "String", "constraint": "[a-" } ] }""");
        try
        {
            await using var app = new LfRepoApp(("LfRepo:Seed", seed));
            var act = () => app.CreateSignedInClientAsync();
            (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Broken");
        }
        finally
        {
            File.Delete(seed);
        }
    }

    [Fact]
    public async Task A_seed_folder_with_an_unknown_template_stops_the_start_with_a_message()
    {
        var seed = Path.Combine(Path.GetTempPath(), $"lfrepo-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(seed, """{ "folders": [ { "name": "X", "templateName": "Nope" } ] }""");
        try
        {
            await using var app = new LfRepoApp(("LfRepo:Seed", seed));
            var act = () => app.CreateSignedInClientAsync();
            (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("\\X").And.Contain("Nope");
        }
        finally
        {
            File.Delete(seed);
        }
    }
}
