using System.Text;

// The same 16 members, in the same order, as the emulator's GetEntry answer for a folder.
var body = Encoding.UTF8.GetBytes(
    """
    {"@odata.type":"#Laserfiche.Repository.Folder","id":4242,"isContainer":true,"isLeaf":false,"name":"f004242","parentId":2,"fullPath":"\\bench\\f004242","folderPath":"\\bench","creator":"admin","creationTime":"2026-11-22T10:00:00Z","lastModifiedTime":"2026-11-22T10:00:00Z","entryType":"Folder","templateName":"","templateId":0,"volumeName":"DEFAULT000000","isRecordFolder":false}
    """);

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();

app.MapGet("/entry", () => Results.Bytes(body, "application/json; charset=utf-8"));
app.MapGet("/health", () => Results.Text("Healthy"));

app.Run();
