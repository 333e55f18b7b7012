using LfRepo.Server.Annotations;
using LfRepo.Server.Api;
using LfRepo.Server.Auth;
using LfRepo.Server.Browser;
using LfRepo.Server.Documents;
using LfRepo.Server.Emulator;
using LfRepo.Server.Entries;
using LfRepo.Server.Hosting;
using LfRepo.Server.Metadata;
using LfRepo.Server.Problems;
using LfRepo.Server.Records;
using LfRepo.Server.Repositories;
using LfRepo.Server.Search;
using LfRepo.Server.Security;
using LfRepo.Server.Stamps;
using LfRepo.Server.Storage;
using LfRepo.Server.Tables;
using LfRepo.Server.Tasks;
using LfRepo.Server.UserAreas;

var command = CommandLine.Parse(args, Console.Out, Console.Error);
if (command.ExitCode is { } exitCode)
{
    return exitCode;
}
if (System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    StartupFailure.ReportInsteadOfCrashing();
}

var builder = WebApplication.CreateBuilder([.. command.Settings.Select(s => $"--{s.Key}={s.Value}")]);
builder.AddEmulatorHosting();
builder.AddExposureRules();
builder.Services.AddStore(builder.Configuration);
builder.Services.AddTokenAuth(builder.Configuration);
builder.Services.AddSecurity();
builder.Services.AddRepositories();
builder.Services.AddEntries();
builder.Services.AddMetadata();
builder.Services.AddDocuments(builder.Configuration);
builder.Services.AddLongOperations(builder.Configuration);
builder.Services.AddTables(builder.Configuration);
builder.Services.AddSearch(builder.Configuration);
builder.Services.AddUserAreas();
builder.Services.AddStamps();
builder.Services.AddRecords();
builder.Services.AddAnnotations(builder.Configuration);
builder.Services.AddLaserficheApi();
builder.Services.AddControlPlane(builder.Configuration);

var app = StartupFailure.Watch(builder.Build());
app.RefuseExposedDefaultCredentials();
await app.InitializeStoreAsync();
await app.SeedMetadataAsync();
await app.FailInterruptedTasksAsync();
await app.InitializeTablesAsync();
await app.LoadSnapshotOnStartAsync();

app.UseHeadAsGet();
// Outside the problem responses, so every request is logged with the status the client got.
app.UseRequestLogging();
// Request id, security headers and problems.
app.UseProblemResponses();
app.UseControlPlaneGate();
app.UseSwaggerPages();
app.UseBrowserPages();
app.UsePathBases();
app.UseTableBatching();
app.UseRouting();
app.UseConfiguredCors();
// While other processes share the store: what they changed of the definitions and users, read again first.
app.UseStoreGenerations();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimits();
app.UseFaultRules();
app.UseWriteGate();

app.MapControllers();
app.MapUnsupportedOperations();
app.MapHealth();
app.PrintBannerOnStart();
app.WarmUpStoreInBackground();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
