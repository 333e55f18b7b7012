using System.Net;
using System.Text;
using System.Xml;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;

namespace LfRepo.Server.Tests.Tables;

[Trait("Engine", "Both")]
public sealed class TableQueryTests(TableSeedFixture fixture) : IClassFixture<TableSeedFixture>
{
    private HttpClient Client => fixture.Client;

    public static TheoryData<string, string> Filters => new()
    {
        { "Name eq 'Alice'", "1" },
        { "Name ne 'Alice'", "2,3,4,5,6,7" },
        { "Name eq 'Eve, Jr.'", "5" },
        { "Name eq 'Frank \"The Tank\"'", "6" },
        { "_key eq '3'", "3" },
        { "Age gt 30", "3,6,7" },
        { "Age ge 30", "1,3,6,7" },
        { "Age lt 25", "5" },
        { "Age le 25", "2,5" },
        { "Age eq null", "4" },
        { "Age ne null and Age lt 30", "2,5" },
        { "Score eq 88.5", "1,7" },
        { "Score ge 88.5 and Score le 95", "1,3,7" },
        { "Active", "1,3,4,7" },
        { "Active eq false", "2,5" },
        { "not Active", "2,5" },
        { "Active eq null", "6" },
        { "Age gt 20 and Active", "1,3,7" },
        { "Age lt 20 or Age gt 50", "5,6" },
        { "not (Age gt 30)", "1,2,5" },
        { "Age add 5 gt 45", "3,6" },
        { "Age sub 1 eq 24", "2" },
        { "Age mul 2 eq 60", "1" },
        { "Age div 10 eq 3", "1,7" },
        { "Age mod 2 eq 1", "2,3,5,7" },
        { "-Age lt -50", "6" },
        { "contains(Name,'a')", "3,4,6,7" },
        { "startswith(Name,'A')", "1" },
        { "endswith(Name,'e')", "1,4,7" },
        { "tolower(Name) eq 'alice'", "1,7" },
        { "toupper(Name) eq 'BOB'", "2" },
        { "length(Name) eq 5", "1,3,7" },
        { "indexof(Name,'li') eq 1", "1,7" },
        { "substring(Name,1,3) eq 'lic'", "1,7" },
        { "substring(Name,2) eq 've'", "4" },
        { "trim(Name) eq 'Dave'", "4" },
        { "concat(Name,'!') eq 'bob!'", "2" },
        { "contains(Meta,'red')", "1,4" },
        { "year(Born) eq 1999", "2" },
        { "month(Born) eq 12", "3" },
        { "day(Born) eq 29", "6" },
        { "hour(Born) eq 23", "3" },
        { "minute(Seen) eq 30", "2" },
        { "second(Born) eq 59", "3" },
        { "Born lt 1990-01-01T00:00:00Z", "3,6" },
        { "Seen gt 2024-01-01T00:00:00Z", "1,2,5,6" },
        { "Seen ge 2024-01-01T11:00:00+01:00", "1,2,5,6" },
        { "Seen eq null", "3" },
        { "Name in ('bob','Dave','Zed')", "2,4" },
        { "Age in (19,52)", "5,6" },
        { "round(Score) eq 56", "6" },
        { "floor(Score) eq 72", "2" },
        { "ceiling(Score) eq 73", "2" },
        // Nulls compare as values under not, and a column compared with itself holds for its null rows too.
        { "not (Age eq 30)", "2,3,4,5,6,7" },
        { "not (Age ne 30)", "1" },
        { "Age eq Age", "1,2,3,4,5,6,7" },
        { "Seen ne Born", "1,2,3,4,5,6,7" },
        // Division and remainder by zero are null, on every engine.
        { "Age div 0 eq null", "1,2,3,4,5,6,7" },
        { "Age mod (Age sub Age) eq null", "1,2,3,4,5,6,7" },
        { "endswith(Name,'')", "1,2,3,4,5,6,7" },
        { "endswith(Name,'Alice')", "1" },
        { "endswith(Name,'lice')", "1,7" },
    };

    [Fact]
    public async Task A_value_the_engine_cannot_compute_is_no_server_error()
    {
        var response = await Client.GetAsync(TableClient.Url("People", ("$filter", "Age mul 9223372036854775807 gt 0")));

        // SQLite computes the product in floating point; PostgreSQL refuses it, and the client hears why.
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.Str("detail").Should().Contain("cannot be computed");
        }
        else
        {
            (await response.ShouldBeJsonAsync(HttpStatusCode.OK))["value"]!.AsArray().Should().HaveCount(6);
        }
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Filter_selects_the_rows_it_describes(string filter, string keys)
    {
        var body = await Client.QueryAsync("People", ("$filter", filter));

        body.Keys().Should().Equal(keys.Split(','));
    }

    [Fact]
    public async Task Rows_keep_their_column_types_and_the_context_names_the_entity_set()
    {
        var body = await Client.QueryAsync("People", ("$filter", "_key eq '1'"));

        body["@odata.context"]!.GetValue<string>().Should().Be("http://localhost/odata4/table/$metadata#People");
        var row = body["value"]![0]!.AsObject();
        row.Relaxed().Should().Be(
            """{"_key":"1","Name":"Alice","Age":30,"Score":88.5,"Active":true,"Born":"1994-03-15T08:00:00.000Z","Seen":"2024-01-01T10:00:00.000Z","Meta":"{\"team\":\"red\"}"}""");
    }

    [Fact]
    public async Task Select_returns_only_the_named_columns()
    {
        var body = await Client.QueryAsync("People", ("$select", "Name,age"), ("$filter", "Age eq 25"));

        body["@odata.context"]!.GetValue<string>().Should().EndWith("#People(Name,Age)");
        body["value"]!.AsArray().Single()!.ToJsonString().Should().Be("""{"Name":"bob","Age":25}""");
    }

    [Theory]
    [InlineData("Age desc", "6,3,7,1,2,5,4")]
    [InlineData("Age", "4,5,2,1,7,3,6")]
    [InlineData("Score desc,Name", "3,1,7,2,4,6,5")]
    [InlineData("tolower(Name),_key desc", "7,1,2,3,4,5,6")]
    [InlineData("Born desc", "5,4,2,1,7,3,6")]
    public async Task Orderby_sorts_by_columns_and_expressions(string orderBy, string keys)
    {
        var body = await Client.QueryAsync("People", ("$orderby", orderBy));

        body.Keys().Should().Equal(keys.Split(','));
    }

    [Fact]
    public async Task Top_skip_and_count_page_by_hand_and_count_the_whole_filtered_set()
    {
        var body = await Client.QueryAsync("People", ("$filter", "Age ne null"), ("$orderby", "Age"), ("$top", "2"), ("$skip", "1"), ("$count", "true"));

        body["@odata.count"]!.GetValue<int>().Should().Be(6);
        body.Keys().Should().Equal("2", "1");
        body.ContainsKey("@odata.nextLink").Should().BeFalse("$top is reached on this page");
    }

    [Fact]
    public async Task Server_driven_paging_follows_nextLink_and_keeps_top_and_the_filter()
    {
        var (rows, pages) = await Client.ReadAllRowsAsync(TableClient.Url("People", ("$filter", "Age ne null"), ("$top", "5")), prefer: "odata.maxpagesize=2");

        pages.Should().Be(3);
        rows.Select(r => r["_key"]!.GetValue<string>()).Should().Equal("1", "2", "3", "5", "6");
        using var request = new HttpRequestMessage(HttpMethod.Get, TableClient.Url("People"));
        request.Headers.Add("Prefer", "odata.maxpagesize=2");
        (await Client.SendAsync(request)).Headers.GetValues("Preference-Applied").Should().Equal("odata.maxpagesize=2");
    }

    [Fact]
    public async Task Apply_groups_and_aggregates_in_the_database()
    {
        var body = await Client.QueryAsync("People",
            ("$apply", "groupby((Active),aggregate($count as N,Age with sum as Total,Score with max as Best))"), ("$orderby", "N desc"));

        body["@odata.context"]!.GetValue<string>().Should().EndWith("#People(Active,N,Total,Best)");
        body["value"]!.ToJsonString().Should().Be(
            """[{"Active":true,"N":4,"Total":104,"Best":95},{"Active":false,"N":2,"Total":44,"Best":72.25},{"Active":null,"N":1,"Total":52,"Best":55.75}]""");
    }

    [Fact]
    public async Task Apply_filters_before_grouping_and_filter_applies_to_the_aggregates()
    {
        var body = await Client.QueryAsync("People",
            ("$apply", "filter(Age gt 20)/groupby((Active),aggregate(Age with sum as Total))"), ("$filter", "Total gt 60"));

        body["value"]!.ToJsonString().Should().Be("""[{"Active":true,"Total":104}]""");
    }

    [Fact]
    public async Task Apply_aggregates_the_whole_table()
    {
        var body = await Client.QueryAsync("People",
            ("$apply", "aggregate(Age with min as Youngest,Age with average as Mean,Name with countdistinct as Names)"));

        body["value"]!.ToJsonString().Should().Be("""[{"Youngest":19,"Mean":33.333333333333336,"Names":7}]""");
    }

    [Fact]
    public async Task Apply_computes_columns_that_later_steps_use()
    {
        var body = await Client.QueryAsync("People",
            ("$apply", "compute(Age mul 2 as Twice)/filter(Twice gt 80)"), ("$select", "Name,Twice"), ("$orderby", "Twice desc"));

        body["value"]!.Relaxed().Should().Be("""[{"Name":"Frank \"The Tank\"","Twice":104},{"Name":"Carol","Twice":82}]""");
    }

    [Theory]
    [InlineData("$filter", "Age gtt 5", "position")]
    [InlineData("$filter", "Nope eq 1", "Nope")]
    [InlineData("$filter", "Name eq 5", "$filter")]
    [InlineData("$orderby", "Nope", "Nope")]
    [InlineData("$orderby", "Name,Age,Score,Active,Born,Seen", "maximum is 5")]
    [InlineData("$filter", "contains(Age,'1')", "$filter")]
    [InlineData("$select", "Nope", "Nope")]
    [InlineData("$apply", "groupby((Nope))", "Nope")]
    [InlineData("$top", "-1", "$top")]
    [InlineData("$skip", "x", "$skip")]
    [InlineData("$count", "maybe", "$count")]
    [InlineData("$expand", "X", "$expand")]
    [InlineData("$skiptoken", "forged", "$skiptoken")]
    public async Task A_bad_query_option_is_a_400_that_says_where(string option, string value, string mentioned)
    {
        var response = await Client.GetAsync(TableClient.Url("People", (option, value)));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "Invalid OData query option.");
        problem["detail"]!.GetValue<string>().Should().Contain(mentioned);
    }

    [Fact]
    public async Task Service_document_lists_every_table_as_an_entity_set()
    {
        var body = await (await Client.GetAsync(TableSeedFixture.Root)).ShouldBeJsonAsync(HttpStatusCode.OK);

        body["@odata.context"]!.GetValue<string>().Should().Be("http://localhost/odata4/table/$metadata");
        body["value"]!.ToJsonString().Should().Be(
            """[{"name":"People","kind":"EntitySet","url":"People"},{"name":"Codes","kind":"EntitySet","url":"Codes"}]""");
    }

    [Fact]
    public async Task Metadata_is_CSDL_that_the_EDM_reader_reads_back()
    {
        var response = await Client.GetAsync(TableSeedFixture.Root + "/$metadata");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/xml");
        response.Headers.GetValues("OData-Version").Should().Equal("4.0");

        using var xml = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        CsdlReader.TryParse(xml, out var model, out var errors).Should().BeTrue(string.Join("; ", errors ?? []));

        var people = model.EntityContainer.FindEntitySet("People").EntityType;
        people.Key().Select(k => k.Name).Should().Equal("_key");
        people.StructuralProperties().Select(p => (p.Name, p.Type.FullName())).Should().Equal(
            ("_key", "Edm.String"), ("Name", "Edm.String"), ("Age", "Edm.Int64"), ("Score", "Edm.Decimal"), ("Active", "Edm.Boolean"),
            ("Born", "Edm.DateTimeOffset"), ("Seen", "Edm.DateTimeOffset"), ("Meta", "Edm.String"));
        people.FindProperty("Name")!.Type.AsString().MaxLength.Should().Be(20);
        model.EntityContainer.FindEntitySet("Codes").Should().NotBeNull();
    }

    [Fact]
    public async Task Tables_need_a_bearer_token()
    {
        var anonymous = fixture.App.CreateClient();

        await (await anonymous.GetAsync(TableSeedFixture.Root + "/People")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync(TableSeedFixture.Root + "/$metadata")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_missing_table_or_row_is_a_404()
    {
        await (await Client.GetAsync(TableSeedFixture.Root + "/Nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Table not found.");
        await (await Client.GetAsync(TableSeedFixture.Root + "/People('99')")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "Table row not found.");
    }

    [Fact]
    public async Task A_row_is_read_by_key_with_select()
    {
        var row = await (await Client.GetAsync(TableSeedFixture.Root + "/people('6')?$select=Name")).ShouldBeJsonAsync(HttpStatusCode.OK);

        row.Relaxed().Should().Be("""{"@odata.context":"http://localhost/odata4/table/$metadata#People(Name)/$entity","Name":"Frank \"The Tank\""}""");
    }

    [Fact]
    public async Task Paging_reads_a_50000_row_table_to_the_end()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lfrepo-tables-" + Guid.NewGuid().ToString("N"));
        var csv = new StringBuilder("N,Label\n");
        for (var i = 1; i <= 50_000; i++)
        {
            csv.Append(i).Append(",row ").Append(i).Append('\n');
        }
        var seed = TableSeedFixture.WriteSeed(folder,
            """{ "tables": [ { "name": "Big", "columns": [ { "name": "N", "type": "Integer" }, { "name": "Label", "type": "Text" } ], "csv": "big.csv" } ] }""",
            ("big.csv", csv.ToString()));
        try
        {
            await using var app = new LfRepoApp(("LfRepo:Tables:SeedFile", seed));
            var client = await app.CreateSignedInClientAsync();

            var (rows, pages) = await client.ReadAllRowsAsync(TableClient.Url("Big", ("$select", "N")));
            var even = await client.QueryAsync("Big", ("$filter", "N mod 2 eq 0"), ("$count", "true"), ("$top", "1"));

            pages.Should().Be(50);
            rows.Select(r => r["N"]!.GetValue<int>()).Should().Equal(Enumerable.Range(1, 50_000));
            even["@odata.count"]!.GetValue<int>().Should().Be(25_000);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
