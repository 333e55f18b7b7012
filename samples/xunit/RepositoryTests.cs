using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LfRepo.Testing;
using Xunit;

namespace LfRepo.Sample.Tests;

/// <summary>One emulator for every test of the class; each test starts from an empty repository.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public LfRepoEmulator Lf { get; private set; } = null!;

    public async Task InitializeAsync() => Lf = await LfRepoEmulator.StartAsync(o => o.Seed = "empty");

    public async Task DisposeAsync() => await Lf.DisposeAsync();
}

public sealed class RepositoryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private LfRepoEmulator Lf => fixture.Lf;

    public Task InitializeAsync() => Lf.ResetAsync(empty: true);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_new_folder_is_a_child_of_the_root()
    {
        var created = await Lf.Client.PostAsJsonAsync($"v2/Repositories/{Lf.RepositoryId}/Entries/1/Folder/Children", new { entryType = "Folder", name = "Invoices" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var children = JsonNode.Parse(await Lf.Client.GetStringAsync($"v2/Repositories/{Lf.RepositoryId}/Entries/1/Folder/Children"))!;

        Assert.Contains(children["value"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "Invoices");
    }

    [Fact]
    public async Task Each_test_starts_from_an_empty_root()
    {
        var children = JsonNode.Parse(await Lf.Client.GetStringAsync($"v2/Repositories/{Lf.RepositoryId}/Entries/1/Folder/Children"))!;

        Assert.Empty(children["value"]!.AsArray());
    }
}
