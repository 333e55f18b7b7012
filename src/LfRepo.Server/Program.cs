using LfRepo.Server.Api;
using LfRepo.Server.Auth;
using LfRepo.Server.Documents;
using LfRepo.Server.Entries;
using LfRepo.Server.Hosting;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Search;
using LfRepo.Server.Storage;
using LfRepo.Server.Tables;
using LfRepo.Server.Tasks;

var builder = WebApplication.CreateBuilder(args);
builder.AddEmulatorHosting(args);
builder.AddExposureRules();
builder.Services.AddStore();
builder.Services.AddTokenAuth(builder.Configuration);
builder.Services.AddEntries();
builder.Services.AddMetadata();
builder.Services.AddDocuments(builder.Configuration);
builder.Services.AddLongOperations(builder.Configuration);
builder.Services.AddTables(builder.Configuration);
builder.Services.AddSearch(builder.Configuration);
builder.Services.AddLaserficheApi();

var app = builder.Build();
app.RefuseExposedDefaultCredentials();
await app.InitializeStoreAsync();
await app.SeedMetadataAsync();
await app.FailInterruptedTasksAsync();
await app.InitializeTablesAsync();

app.UseHeadAsGet();
app.UseRequestId();
app.UseSecurityHeaders();
app.UseProblemResponses();
app.UseSwaggerPages();
app.UsePathBases();
app.UseHttpLogging();
app.UseRouting();
app.UseConfiguredCors();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapUnsupportedOperations();
app.MapHealth();
app.PrintBannerOnStart();
app.WarmUpStoreInBackground();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
