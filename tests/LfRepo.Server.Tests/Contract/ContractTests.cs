using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.Contract;

/// <summary>A fact that is skipped, saying why, when the shared Laserfiche spec is not beside the repository.</summary>
public sealed class SpecFactAttribute : FactAttribute
{
    public SpecFactAttribute()
    {
        if (SpecContract.SpecPath is null)
        {
            Skip = $"The Laserfiche spec is not at {SpecContract.SpecRelativePath} (relative to the repository root); contract checks need it.";
        }
    }
}

/// <summary>
/// Every test client checks bodies against the spec (ContractCheckingHandler); these tests make sure each
/// response shape built so far really is checked, and that the check can fail.
/// </summary>
[Trait("Engine", "Both")]
public sealed class ContractTests
{
    [SpecFact]
    public void The_checker_rejects_a_body_that_breaks_the_schema()
    {
        var (schema, errors) = SpecContract.Instance!.Validate("GET", "/v2/Repositories/r-emulator/Entries/1", 200,
            """{"id":"one","entryType":"Folder","templateId":null}""");

        schema.Should().Be("Folder");
        errors.Should().NotBeEmpty();
    }

    [SpecFact]
    public async Task Entries_repositories_listings_and_problems_match_the_spec()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = await client.CreateFolderAsync(1, "Contract");
        var shortcut = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Folder/Children",
            new { name = "Short", entryType = "Shortcut", targetId = 1 })).ShouldBeJsonAsync(HttpStatusCode.Created);
        var before = ContractCheckingHandler.Checked.ToDictionary(kv => kv.Key, kv => kv.Value);

        await client.GetEntryAsync(folder.Id());
        await client.GetEntryAsync(shortcut.Id());
        await client.ReadAllPagesAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}/Folder/Children?$count=true", "maxpagesize=1");
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/ByPath?fullPath=%5CContract")).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"{LfRepoApp.Base}/v2/Repositories")).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.PatchAsJsonAsync($"{LfRepoApp.V2}/Entries/{folder.Id()}", new { name = "Contract 2" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/999")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/Folder/Children", new { name = "Contract 2", entryType = "Folder" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var checkedNow = ContractCheckingHandler.Checked.Where(kv => kv.Value > before.GetValueOrDefault(kv.Key)).Select(kv => kv.Key);
        checkedNow.Should().Contain(["Folder", "Shortcut", "EntryCollectionResponse", "GetEntryByPathResponse", "RepositoryCollectionResponse", "ProblemDetails"]);
    }

    [SpecFact]
    public void V1_paths_are_checked_against_the_v1_spec()
    {
        var (schema, errors) = SpecContract.For("/v1/Repositories/r-emulator/Entries/1")!.Validate("GET", "/v1/Repositories/r-emulator/Entries/1", 200,
            """{"id":1,"entryType":"Document","elecDocumentSize":"big"}""");
        var (listSchema, listErrors) = SpecContract.V1!.Validate("GET", "/v1/Repositories", 200, """[{"repoId":7}]""");

        schema.Should().Be("Document");
        errors.Should().NotBeEmpty();
        listSchema.Should().Be("RepositoryInfo[]");
        listErrors.Should().NotBeEmpty();
    }

    [SpecFact]
    public async Task V1_responses_match_the_v1_spec()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        const string v1 = LfRepoApp.Base + "/v1/Repositories/" + LfRepoApp.RepositoryId;
        var before = ContractCheckingHandler.Checked.ToDictionary(kv => kv.Key, kv => kv.Value);

        var folder = await (await client.PostAsJsonAsync($"{v1}/Entries/1/Laserfiche.Repository.Folder/children", new { name = "V1", entryType = "Folder" }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        await (await client.GetAsync($"{v1}/Entries/1/Laserfiche.Repository.Folder/children?$count=true")).ShouldBeJsonAsync(HttpStatusCode.OK);
        await client.GetAsync($"{LfRepoApp.Base}/v1/Repositories");
        var token = (await (await client.DeleteAsync($"{v1}/Entries/{folder.Id()}")).ShouldBeJsonAsync(HttpStatusCode.Created)).Str("token");
        await client.GetAsync($"{v1}/Tasks/{token}");
        await (await client.GetAsync($"{v1}/Entries/999")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var checkedNow = ContractCheckingHandler.Checked.Where(kv => kv.Value > before.GetValueOrDefault(kv.Key)).Select(kv => kv.Key);
        checkedNow.Should().Contain(["Folder", "ODataValueContextOfIListOfEntry", "RepositoryInfo[]", "AcceptedOperation", "OperationProgress", "ProblemDetails"]);
    }
}
