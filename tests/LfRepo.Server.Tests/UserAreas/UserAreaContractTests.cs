using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Contract;
using LfRepo.Server.Tests.Infrastructure;

namespace LfRepo.Server.Tests.UserAreas;

/// <summary>The user-area answers really are checked against the spec's schemas, and the check can fail.</summary>
[Trait("Engine", "Both")]
public sealed class UserAreaContractTests
{
    [SpecFact]
    public void The_checker_rejects_user_area_bodies_that_break_the_schema()
    {
        var (entries, entryErrors) = SpecContract.Instance!.Validate("GET", "/v2/Repositories/r-emulator/StarredEntries", 200, """[{"entryId":"one"}]""");
        var (collection, collectionErrors) = SpecContract.Instance.Validate("GET", "/v2/Repositories/r-emulator/PersonalCollections/pc_1", 200,
            """{"id":"pc_1","name":"A","entryIds":["one"]}""");

        entries.Should().Be("UserAreaEntry[]");
        entryErrors.Should().NotBeEmpty();
        collection.Should().Be("PersonalCollection");
        collectionErrors.Should().NotBeEmpty("entryIds are integers");
    }

    [SpecFact]
    public async Task User_area_and_test_task_responses_match_the_spec()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var before = ContractCheckingHandler.Checked.ToDictionary(kv => kv.Key, kv => kv.Value);

        await client.StarAsync(1);
        await client.GetArrayAsync("RecentDocuments");
        var collection = await client.CreateCollectionAsync("Work");
        await client.GetArrayAsync("PersonalCollections");
        await (await client.GetAsync($"{LfRepoApp.V2}/PersonalCollections/{collection.Str("id")}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var area = await client.CreateAreaAsync("Mine", "comment", "data");
        await client.GetArrayAsync("UserAreas");
        await (await client.GetAsync($"{LfRepoApp.V2}/UserAreas/{area.Id()}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.PostAsync($"{LfRepoApp.V2}/Tasks/StartTestTaskAsync", null)).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/UserAreas", new { name = "Starred" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var checkedNow = ContractCheckingHandler.Checked.Where(kv => kv.Value > before.GetValueOrDefault(kv.Key)).Select(kv => kv.Key);
        checkedNow.Should().Contain(["UserAreaEntry[]", "PersonalCollection", "PersonalCollection[]", "UserArea", "UserArea[]", "StartTaskResponse", "ProblemDetails"]);
    }

    [Fact]
    public async Task Swagger_names_every_user_area_operation_and_StartTestTask_as_the_spec_does()
    {
        await using var app = new LfRepoApp();
        var client = app.CreateClient();

        var document = await (await client.GetAsync("/swagger/v2/swagger.json")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Id: o.Value!["operationId"]?.GetValue<string>(), Tag: o.Value!["tags"]?[0]?.GetValue<string>())))
            .ToList();

        operations.Where(o => o.Tag == "UserAreas").Select(o => o.Id).Should().BeEquivalentTo(
        [
            "GetStarredEntries", "StarEntries", "UnstarEntries", "GetRecentDocuments", "GetRecentFolders",
            "GetPersonalCollections", "CreatePersonalCollection", "GetPersonalCollection", "RenamePersonalCollection",
            "DeletePersonalCollection", "AddCollectionEntries", "RemoveCollectionEntries",
            "GetUserAreas", "CreateUserArea", "GetUserArea", "UpdateUserArea", "DeleteUserArea",
            "GetUserAreaEntries", "AddUserAreaEntries", "RemoveUserAreaEntries",
        ]);
        operations.Should().Contain(("StartTestTask", "Tasks"));
    }
}
