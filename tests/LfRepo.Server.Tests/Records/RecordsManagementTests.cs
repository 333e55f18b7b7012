using System.Net;
using System.Net.Http.Json;
using LfRepo.Server.Tests.Documents;
using LfRepo.Server.Tests.Infrastructure;
using LfRepo.Server.Tests.Security;
using static LfRepo.Server.Tests.Records.RecordsClient;

namespace LfRepo.Server.Tests.Records;

[Trait("Engine", "Both")]
public sealed class RecordsManagementTests
{
    private static readonly string[] CommonMembers =
    [
        "recordType", "dispositionState", "isCutoff", "isEligibleForCutoff", "isEligibleForFinalDisposition", "cutoffDate", "cutoffEligibility",
        "finalDispositionEligibility", "dispositionConfirmationDate", "transferDates", "locationId", "activeDispositionScheduleId", "cutoffCriterionId",
        "dispositionScheduleId", "filingDate", "triggerDate",
    ];

    private static readonly string[] FolderMembers = ["isClosed", "isPermanent", "dispositionAuthority", "reviewCycleId", "reviewInterval", "reviewIntervalUnit"];

    private static readonly string[] RecordMembers =
    [
        "recordFolderId", "underRecordFolder", "isIndividuallyCutoff", "isCutoffCriterionInherited", "isDispositionScheduleInherited", "reviewer",
        "lastReviewDate", "nextReviewDate",
    ];

    [Fact]
    public async Task A_plain_folder_has_no_records_management_properties_and_a_missing_entry_is_not_found()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "Plain")).Id();

        var problem = await (await client.GetAsync(Rm(folder, "Properties"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "The entry is not a record or record folder.");
        problem["errorCode"]!.GetValue<int>().Should().Be(9801);
        await (await client.GetAsync(Rm(9999, "Properties"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Entry not found.");
        await (await client.PostAsJsonAsync(Rm(folder, "SetEvent"), new { eventId = 1, date = DateTimeOffset.UtcNow })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "The entry is not a record or record folder.");
        await (await client.PatchAsJsonAsync(Rm(1, "Properties"), new { isPermanent = true })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Updating_a_plain_folder_promotes_it_to_a_record_folder_that_persists()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "Case files")).Id();

        var updated = await client.PatchRmAsync(folder, new { isPermanent = true, dispositionAuthority = "GRS 1.1" });

        updated.Select(m => m.Key).Should().Equal([.. CommonMembers, .. FolderMembers]);
        updated.Str("recordType").Should().Be("RecordFolder");
        updated["isPermanent"]!.GetValue<bool>().Should().BeTrue();
        updated.Str("dispositionAuthority").Should().Be("GRS 1.1");
        updated.Str("dispositionState").Should().Be("Open");
        updated["transferDates"]!.AsArray().Should().BeEmpty();
        var fetched = await client.GetRmAsync(folder);
        fetched.ToJsonString().Should().Be(updated.ToJsonString());
        var entry = await client.GetEntryAsync(folder);
        entry["isRecordFolder"]!.GetValue<bool>().Should().BeTrue();
        entry["isUnderRecordSeries"]!.GetValue<bool>().Should().BeFalse();
        var selected = await (await client.GetAsync(Rm(folder, "Properties") + "?$select=isPermanent")).ShouldBeJsonAsync(HttpStatusCode.OK);
        selected.Select(m => m.Key).Should().Equal("recordType", "isPermanent");
    }

    [Fact]
    public async Task Updating_a_document_makes_it_a_record_and_members_of_the_other_type_are_refused()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "Contracts")).Id();
        await client.PatchRmAsync(folder, new { cutoffCriterionId = 2, dispositionScheduleId = 2 });
        var document = (await client.ImportAsync(folder, "hello"u8.ToArray(), "a.txt", new { name = "Contract A" })).Id();
        (await client.GetEntryAsync(document))["isRecord"]!.GetValue<bool>().Should().BeFalse();

        var record = await client.PatchRmAsync(document, new { filingDate = "2026-03-01T00:00:00Z" });

        record.Select(m => m.Key).Should().Equal([.. CommonMembers, .. RecordMembers]);
        record.Str("recordType").Should().Be("Record");
        record["recordFolderId"]!.GetValue<int>().Should().Be(folder);
        record["underRecordFolder"]!.GetValue<bool>().Should().BeTrue();
        record["isCutoffCriterionInherited"]!.GetValue<bool>().Should().BeTrue("a record filed in a record folder inherits its schedule");
        record["activeDispositionScheduleId"]!.GetValue<int>().Should().Be(2);
        record.Date("cutoffEligibility").Should().Be("2027-01-01T00:00:00Z", "criterion 2 cuts off at the end of the filing year");
        record.Date("finalDispositionEligibility").Should().Be("2034-01-01T00:00:00Z", "schedule 2 keeps records seven years after cutoff");
        (await client.GetEntryAsync(document))["isRecord"]!.GetValue<bool>().Should().BeTrue();

        var wrong = await (await client.PatchAsJsonAsync(Rm(document, "Properties"), new { isClosed = true })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        wrong.Str("detail").Should().Contain("isClosed");
        var wrongFolder = await (await client.PatchAsJsonAsync(Rm(folder, "Properties"), new { lastReviewDate = "2026-01-01T00:00:00Z" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        wrongFolder.Str("detail").Should().Contain("lastReviewDate");
        var unknown = await (await client.PatchAsJsonAsync(Rm(folder, "Properties"), new { dispositionScheduleId = 42 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        unknown.Str("detail").Should().Contain("no disposition schedule 42");
        (await client.GetRmAsync(folder))["dispositionScheduleId"]!.GetValue<int>().Should().Be(2, "a refused update changes nothing");
    }

    [Fact]
    public async Task A_record_series_is_created_in_the_file_plan_root_or_another_series_only()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();

        var response = await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/RecordSeries", new { name = "Finance", code = "FIN" });
        var series = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        series.Str("entryType").Should().Be("RecordSeries");
        series["isContainer"]!.GetValue<bool>().Should().BeTrue();
        series["parentId"]!.GetValue<int>().Should().Be(1);
        response.Headers.Location!.ToString().Should().EndWith($"/Entries/{series.Id()}");
        var nested = await client.CreateSeriesAsync(series.Id(), "Invoices", "FIN-INV");
        nested.Str("fullPath").Should().Be("\\Finance\\Invoices");

        var properties = await (await client.GetAsync(Series(series.Id()))).ShouldBeJsonAsync(HttpStatusCode.OK);
        properties.Select(m => m.Key).Should().Equal("code", "cutoffCriterionId", "dispositionScheduleId", "dispositionAuthority", "isPermanent", "reviewCycleId", "reviewInterval", "reviewIntervalUnit");
        properties.Str("code").Should().Be("FIN");
        properties["isPermanent"]!.GetValue<bool>().Should().BeFalse();

        var plain = (await client.CreateFolderAsync(1, "Plain")).Id();
        var refused = await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/{plain}/RecordSeries", new { name = "Nope" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "The parent is not in the record file plan.");
        refused["errorCode"]!.GetValue<int>().Should().Be(9800);
        (await client.ChildNamesAsync(plain)).Should().BeEmpty();
        await (await client.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/RecordSeries", new { name = "Finance" })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "Entry name conflicts.");
    }

    [Fact]
    public async Task Series_properties_are_only_on_series_and_a_folder_in_a_series_says_so()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var series = (await client.CreateSeriesAsync(1, "HR", "HR")).Id();
        var folder = (await client.CreateFolderAsync(series, "Employee 1")).Id();

        await (await client.GetAsync(Series(folder))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "The entry is not a record series.");
        await (await client.PatchAsJsonAsync(Series(folder), new { isPermanent = true })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "The entry is not a record series.");
        await (await client.GetAsync(Rm(series, "Properties"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "The entry is not a record or record folder.");
        var entry = await client.GetEntryAsync(folder);
        entry["isUnderRecordSeries"]!.GetValue<bool>().Should().BeTrue();
        entry["isRecordFolder"]!.GetValue<bool>().Should().BeFalse();
        (await client.GetEntryAsync((await client.CreateFolderAsync(1, "Outside")).Id()))["isUnderRecordSeries"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task Series_defaults_resolve_beneath_and_cascade_writes_them_down()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var series = (await client.CreateSeriesAsync(1, "Legal", "LEG")).Id();
        var folder = (await client.CreateFolderAsync(series, "Case 1")).Id();
        await client.PatchRmAsync(folder, new { isClosed = false });

        var updated = await (await client.PatchAsJsonAsync(Series(series), new { dispositionScheduleId = 1, cutoffCriterionId = 1, dispositionAuthority = "LA-7" })).ShouldBeJsonAsync(HttpStatusCode.OK);
        updated["dispositionScheduleId"]!.GetValue<int>().Should().Be(1);
        var resolved = await client.GetRmAsync(folder);
        resolved["dispositionScheduleId"].Should().BeNull("without cascade the folder keeps its own (empty) assignment");
        resolved["activeDispositionScheduleId"]!.GetValue<int>().Should().Be(1, "it resolves against the series' default");
        resolved.Str("dispositionAuthority").Should().Be("LA-7");

        await (await client.PatchAsJsonAsync(Series(series), new { dispositionScheduleId = 2, cascade = true })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var cascaded = await client.GetRmAsync(folder);
        cascaded["dispositionScheduleId"]!.GetValue<int>().Should().Be(2);
        cascaded["cutoffCriterionId"].Should().BeNull("only the changed defaults cascade");

        await (await client.PatchAsJsonAsync(Series(series), new { dispositionScheduleId = 0 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        (await (await client.GetAsync(Series(series))).ShouldBeJsonAsync(HttpStatusCode.OK))["dispositionScheduleId"].Should().BeNull("0 clears");
    }

    [Fact]
    public async Task Setting_an_event_date_starts_retention_and_the_clock_makes_the_folder_eligible()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var series = (await client.CreateSeriesAsync(1, "Cases", "C")).Id();
        var folder = (await client.CreateFolderAsync(series, "Case 7")).Id();
        var before = await client.PatchRmAsync(folder, new { cutoffCriterionId = 3, dispositionScheduleId = 1 });
        before.Date("cutoffEligibility").Should().BeNull("criterion 3 waits for the case to close");
        (await client.EligibleAsync(series, "Disposition")).Should().BeEmpty();

        var closed = await client.SetEventAsync(folder, 1, new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero));

        closed.Date("cutoffEligibility").Should().Be("2026-01-10T00:00:00Z");
        closed.Date("finalDispositionEligibility").Should().Be("2027-01-10T00:00:00Z");
        closed["isEligibleForCutoff"]!.GetValue<bool>().Should().BeTrue();
        closed["isEligibleForFinalDisposition"]!.GetValue<bool>().Should().BeFalse();
        closed.Str("dispositionState").Should().Be("InRetention");
        (await client.EligibleAsync(folder, "Disposition")).Should().BeEmpty();

        app.Clock.Advance(TimeSpan.FromDays(366));
        client = await app.CreateSignedInClientAsync();

        (await client.GetRmAsync(folder)).Str("dispositionState").Should().Be("Eligible");
        (await client.EligibleAsync(folder, "Disposition")).Should().Equal(folder);
        (await client.EligibleAsync(series, "Disposition")).Should().Equal(folder);
        (await client.EligibleAsync(series, "Transfer")).Should().BeEmpty("schedule 1 has no transfer");

        var removed = await (await client.PostAsJsonAsync(Rm(folder, "RemoveEvent"), new { eventId = 1 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        removed.Date("cutoffEligibility").Should().BeNull();
        (await client.EligibleAsync(series, "Disposition")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_transfer_step_falls_due_before_disposition()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "Ledgers")).Id();
        var properties = await client.PatchRmAsync(folder, new { cutoffCriterionId = 1, dispositionScheduleId = 3, filingDate = "2026-01-01T00:00:00Z" });
        var transfer = properties["transferDates"]!.AsArray().Single()!.AsObject();
        transfer.Select(m => m.Key).Should().Equal("transferId", "transferNumber", "date", "eligibleDate", "transferred");
        transfer.Date("eligibleDate").Should().Be("2027-01-01T00:00:00Z");
        transfer["transferred"]!.GetValue<bool>().Should().BeFalse();

        app.Clock.Advance(TimeSpan.FromDays(365 + 30));
        client = await app.CreateSignedInClientAsync();

        (await client.EligibleAsync(folder, "Transfer")).Should().Equal(folder);
        (await client.EligibleAsync(folder, "Disposition")).Should().BeEmpty("schedule 3 destroys after three years");
        app.Clock.Advance(TimeSpan.FromDays(2 * 365));
        client = await app.CreateSignedInClientAsync();
        (await client.EligibleAsync(folder, "Disposition")).Should().Equal(folder);
    }

    [Fact]
    public async Task Eligible_records_need_the_for_selector_and_a_record_folder()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var plain = (await client.CreateFolderAsync(1, "Plain")).Id();

        var missing = await (await client.GetAsync(Rm(plain, "EligibleRecords"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        missing.Str("detail").Should().Contain("eligibleFor");
        await (await client.GetAsync(Rm(plain, "EligibleRecords") + "?eligibleFor=Shred")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync(Rm(plain, "EligibleRecords") + "?eligibleFor=Disposition")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "The entry is not a record or record folder.");
        await (await client.GetAsync(Rm(plain, "IndependentRecords"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync(Rm(plain, "AltRetentionEvents"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var document = (await client.ImportAsync(plain, "x"u8.ToArray(), "x.txt", new { name = "Memo" })).Id();
        await client.PatchRmAsync(document, new { cutoffCriterionId = 1 });
        await (await client.GetAsync(Rm(document, "IndependentRecords"))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "The entry is not a record folder.");
    }

    [Fact]
    public async Task Independent_records_keep_their_own_schedule_inside_a_record_folder()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "Project")).Id();
        await client.PatchRmAsync(folder, new { dispositionScheduleId = 1 });
        var inherits = (await client.ImportAsync(folder, "a"u8.ToArray(), "a.txt", new { name = "A" })).Id();
        var own = (await client.ImportAsync(folder, "b"u8.ToArray(), "b.txt", new { name = "B" })).Id();
        await client.PatchRmAsync(inherits, new { filingDate = "2026-01-01T00:00:00Z" });
        var independent = await client.PatchRmAsync(own, new { isDispositionScheduleInherited = false, dispositionScheduleId = 2 });
        independent["activeDispositionScheduleId"]!.GetValue<int>().Should().Be(2);

        var ids = await (await client.GetAsync(Rm(folder, "IndependentRecords"))).ShouldBeJsonAsync(HttpStatusCode.OK);

        ids["entryIds"]!.AsArray().Select(i => i!.GetValue<int>()).Should().Equal(own);
        (await client.GetRmAsync(inherits))["activeDispositionScheduleId"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task The_alternate_retention_event_comes_from_the_folder_schedule_and_shortens_retention()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "Vendor")).Id();
        await client.PatchRmAsync(folder, new { cutoffCriterionId = 1, dispositionScheduleId = 4, filingDate = "2026-01-01T00:00:00Z" });

        var events = await (await client.GetAsync(Rm(folder, "AltRetentionEvents"))).ShouldBeJsonAsync(HttpStatusCode.OK);
        var only = events["events"]!.AsArray().Single()!.AsObject();
        only.Select(m => m.Key).Should().Equal("entryId", "eventId", "triggerDate");
        only["entryId"]!.GetValue<int>().Should().Be(folder);
        only["eventId"]!.GetValue<int>().Should().Be(3);
        only["triggerDate"].Should().BeNull();
        (await client.GetRmAsync(folder)).Date("finalDispositionEligibility").Should().Be("2031-01-01T00:00:00Z");

        var triggered = await client.PatchRmAsync(folder, new { triggerDate = "2026-01-05T00:00:00Z" });

        triggered.Date("finalDispositionEligibility").Should().Be("2027-01-05T00:00:00Z", "one year after the contract expired comes first");
        var after = await (await client.GetAsync(Rm(folder, "AltRetentionEvents"))).ShouldBeJsonAsync(HttpStatusCode.OK);
        after["events"]![0]!.AsObject().Date("triggerDate").Should().Be("2026-01-05T00:00:00Z");
        var cleared = await client.PatchRmAsync(folder, new { clearTriggerDate = true });
        cleared.Date("triggerDate").Should().BeNull();
        (await (await client.GetAsync(Rm(1, "AltRetentionEvents"))).ShouldBeProblemAsync(HttpStatusCode.NotFound))["status"]!.GetValue<int>().Should().Be(404);
    }

    [Fact]
    public async Task Records_refuse_deletion_until_their_schedule_allows_it()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var series = (await client.CreateSeriesAsync(1, "Archive", "A")).Id();
        var folder = (await client.CreateFolderAsync(series, "Box 1")).Id();
        await client.PatchRmAsync(folder, new { cutoffCriterionId = 1, dispositionScheduleId = 1, filingDate = "2026-01-01T00:00:00Z" });
        var permanent = (await client.CreateFolderAsync(1, "Charter")).Id();
        await client.PatchRmAsync(permanent, new { isPermanent = true });

        var refused = await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{folder}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "The record is retained by its disposition schedule.");
        refused.Str("detail").Should().Contain("2027-01-01");
        var below = await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{series}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        below.Str("detail").Should().Contain($"below entry {series}");
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{permanent}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await client.GetEntryAsync(folder)).Id().Should().Be(folder);

        app.Clock.Advance(TimeSpan.FromDays(400));
        client = await app.CreateSignedInClientAsync();

        var task = await client.StartDeleteAsync(series);
        (await client.WaitForTaskAsync(task)).Str("status").Should().Be("Completed");
        await (await client.GetAsync($"{LfRepoApp.V2}/Entries/{folder}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"{LfRepoApp.V2}/Entries/{permanent}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "The record is retained by its disposition schedule.");
    }

    [Fact]
    public async Task The_v1_delete_refuses_a_retained_record_folder_too()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "Kept")).Id();
        await client.PatchRmAsync(folder, new { isPermanent = true });

        var response = await client.DeleteAsync($"{LfRepoApp.Base}/v1/Repositories/{LfRepoApp.RepositoryId}/Entries/{folder}");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Contain("not eligible for final disposition");
        (await client.GetEntryAsync(folder)).Id().Should().Be(folder);
    }

    [Fact]
    public async Task An_empty_record_series_is_deleted_with_the_ordinary_delete()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var series = (await client.CreateSeriesAsync(1, "Temporary", "T")).Id();

        var task = await client.StartDeleteAsync(series);

        (await client.WaitForTaskAsync(task)).Str("status").Should().Be("Completed");
        await (await client.GetAsync(Series(series))).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Entry not found.");
        await client.CreateSeriesAsync(1, "Temporary", "T");
        await app.ShouldHaveASoundStoreAsync();
    }

    [Fact]
    public async Task Event_and_review_requests_are_validated()
    {
        await using var app = new LfRepoApp();
        var client = await app.CreateSignedInClientAsync();
        var folder = (await client.CreateFolderAsync(1, "Review")).Id();
        await client.PatchRmAsync(folder, new { reviewInterval = 6, reviewIntervalUnit = "Month" });
        var document = (await client.ImportAsync(folder, "r"u8.ToArray(), "r.txt", new { name = "Vital" })).Id();

        var reviewed = await client.PatchRmAsync(document, new { lastReviewDate = "2026-01-01T00:00:00Z" });
        reviewed.Date("lastReviewDate").Should().Be("2026-01-01T00:00:00Z");
        reviewed.Date("nextReviewDate").Should().Be("2026-07-01T00:00:00Z");
        reviewed.Str("reviewer").Should().Be("admin");
        var cleared = await client.PatchRmAsync(document, new { clearLastReviewDate = true });
        cleared.Date("lastReviewDate").Should().BeNull();
        cleared["reviewer"].Should().BeNull();

        (await (await client.PostAsJsonAsync(Rm(folder, "SetEvent"), new { eventId = 99, date = "2026-01-01T00:00:00Z" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("eventId");
        (await (await client.PostAsJsonAsync(Rm(folder, "SetEvent"), new { eventId = 1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest))
            .Str("detail").Should().Contain("date");
        await (await client.PostAsJsonAsync(Rm(folder, "RemoveEvent"), new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PatchAsJsonAsync(Rm(folder, "Properties"), new { reviewInterval = -1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_records_rights_guard_events_review_dates_and_closing()
    {
        await using var app = new LfRepoApp();
        var admin = await app.CreateSignedInClientAsync();
        var folder = (await admin.CreateFolderAsync(1, "Guarded")).Id();
        await admin.PatchRmAsync(folder, new { isPermanent = false });
        var document = (await admin.ImportAsync(folder, "g"u8.ToArray(), "g.txt", new { name = "G" })).Id();
        await admin.PatchRmAsync(document, new { filingDate = "2026-01-01T00:00:00Z" });
        var reader = await app.CreateReaderAsync(admin, ["Browse", "Read", "WriteMetadata"]);

        (await reader.GetRmAsync(folder)).Str("recordType").Should().Be("RecordFolder");
        var noEvent = await (await reader.PostAsJsonAsync(Rm(folder, "SetEvent"), new { eventId = 1, date = "2026-01-01T00:00:00Z" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        noEvent.Str("detail").Should().Contain("SetEventDate");
        (await (await reader.PatchAsJsonAsync(Rm(folder, "Properties"), new { isClosed = true })).ShouldBeProblemAsync(HttpStatusCode.Forbidden))
            .Str("detail").Should().Contain("Close");
        (await (await reader.PatchAsJsonAsync(Rm(document, "Properties"), new { lastReviewDate = "2026-01-01T00:00:00Z" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden))
            .Str("detail").Should().Contain("SetReviewDate");
        (await admin.GetRmAsync(folder))["isClosed"]!.GetValue<bool>().Should().BeFalse();
        (await reader.PatchRmAsync(folder, new { dispositionScheduleId = 1 }))["dispositionScheduleId"]!.GetValue<int>().Should().Be(1);
        var viewer = await app.CreateSignedInClientAsync("reader");
        (await (await viewer.PostAsJsonAsync($"{LfRepoApp.V2}/Entries/1/RecordSeries", new { name = "S" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden))
            .Str("detail").Should().Contain("CreateFolder");
    }
}
