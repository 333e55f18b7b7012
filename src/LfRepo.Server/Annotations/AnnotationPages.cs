using System.Data.Common;
using System.Text.Json.Nodes;
using LfRepo.Server.Documents;
using LfRepo.Server.Storage;

namespace LfRepo.Server.Annotations;

/// <summary>
/// Keeps annotations on their pages through page edits: a page given a new row (its text changed, or a check-out
/// undone) takes its annotations along (with a new text, without their text spans), and a copied page or document
/// gets copies of them; a turned page turns them with it. Set-based SQL in the
/// edit's transaction, so a copy of many documents costs one statement per batch.
/// </summary>
public sealed class AnnotationPages : IPageDependents
{
    private const string Table = AnnotationNames.Annotations;
    private const string Columns = AnnotationNames.CopiedColumns;

    public async Task FollowAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PageFollow> follows, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var from = command.AddParameter("@from");
        var to = command.AddParameter("@to");
        var entry = command.AddParameter("@entry");
        foreach (var follow in follows)
        {
            command.CommandText = follow.Change == PageChange.Copied
                ? $"INSERT INTO {Table} (EntryId, PageId, {Columns}) SELECT @entry, @to, {Columns} FROM {Table} WHERE PageId = @from ORDER BY Id"
                : $"UPDATE {Table} SET PageId = @to, EntryId = @entry WHERE PageId = @from";
            from.Value = follow.FromPageId;
            to.Value = follow.ToPageId;
            entry.Value = follow.ToEntryId;
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (follow.Change == PageChange.TextReplaced)
            {
                await ForgetTextSpansAsync(connection, transaction, follow.ToPageId, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The page has a new text: the text spans of its markups (offsets into the old text) no longer mean anything,
    /// so they become -1 (no span); their rectangles still mark the image.
    /// </summary>
    private static Task ForgetTextSpansAsync(DbConnection connection, DbTransaction transaction, int pageId, CancellationToken cancellationToken) =>
        RewriteMembersAsync(connection, transaction, pageId, members =>
        {
            if (members["textStart"]?.GetValue<int>() is not >= 0 && members["textEnd"]?.GetValue<int>() is not >= 0)
            {
                return false;
            }
            members["textStart"] = -1;
            members["textEnd"] = -1;
            return true;
        }, cancellationToken);

    /// <summary>Rewrites the members of the page's annotations that <paramref name="change"/> changes (it answers whether it did).</summary>
    private static async Task RewriteMembersAsync(
        DbConnection connection, DbTransaction transaction, int pageId, Func<JsonObject, bool> change, CancellationToken cancellationToken)
    {
        var changed = new List<(int Id, string Json)>();
        await using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = $"SELECT Id, MembersJson FROM {Table} WHERE PageId = @page";
            find.AddWithValue("@page", pageId);
            await using var rows = await find.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                var members = JsonNode.Parse(rows.GetString(1))!.AsObject();
                if (change(members))
                {
                    changed.Add((rows.GetInt32(0), members.ToJsonString()));
                }
            }
        }
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = $"UPDATE {Table} SET MembersJson = @json WHERE Id = @id";
        var id = update.AddParameter("@id");
        var json = update.AddParameter("@json");
        foreach (var row in changed)
        {
            (id.Value, json.Value) = (row.Id, row.Json);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task CopyForEntriesAsync(DbConnection connection, DbTransaction transaction, string pairsSql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        PageDependentCopies.InsertAsync(connection, transaction, Table, $"""
            INSERT INTO {Table} (EntryId, PageId, {Columns})
            SELECT c.NewId, np.Id, {string.Join(", ", Columns.Split(", ").Select(c => "a." + c))}
            FROM ({pairsSql}) c
            JOIN Pages op ON op.EntryId = c.OldId
            JOIN Pages np ON np.EntryId = c.NewId AND np.PageNumber = op.PageNumber
            JOIN {Table} a ON a.PageId = op.Id
            ORDER BY a.Id
            """, bind, cancellationToken);

    /// <summary>The annotations turn with the page: every point, rectangle and size of their members is mapped onto the turned image.</summary>
    public Task RotatedAsync(DbConnection connection, DbTransaction transaction, int pageId, int degrees, int width, int height, CancellationToken cancellationToken) =>
        RewriteMembersAsync(connection, transaction, pageId, members =>
        {
            foreach (var (name, value) in members.ToList())
            {
                members[name] = value switch
                {
                    JsonObject shape => Turn(shape, name == "size", degrees, width, height),
                    JsonArray items => new JsonArray([.. items.Select(item => (JsonNode)Turn(item!.AsObject(), false, degrees, width, height))]),
                    _ => value?.DeepClone(),
                };
            }
            return true;
        }, cancellationToken);

    /// <summary>
    /// A point (x, y), a rectangle (x, y, width, height) or a size (width, height) of an image of
    /// <paramref name="width"/> × <paramref name="height"/> after the image is turned clockwise by <paramref name="degrees"/>.
    /// </summary>
    public static JsonObject Turn(JsonObject shape, bool isSize, int degrees, int width, int height)
    {
        var w = shape["width"]?.GetValue<int>() ?? 0;
        var h = shape["height"]?.GetValue<int>() ?? 0;
        if (isSize)
        {
            return degrees == 180 ? new JsonObject { ["width"] = w, ["height"] = h } : new JsonObject { ["width"] = h, ["height"] = w };
        }
        var x = shape["x"]?.GetValue<int>() ?? 0;
        var y = shape["y"]?.GetValue<int>() ?? 0;
        var (nx, ny, nw, nh) = degrees switch
        {
            90 => (height - y - h, x, h, w),
            180 => (width - x - w, height - y - h, w, h),
            270 => (y, width - x - w, h, w),
            _ => (x, y, w, h),
        };
        var turned = new JsonObject { ["x"] = Math.Max(0, nx), ["y"] = Math.Max(0, ny) };
        if (shape.ContainsKey("width"))
        {
            turned["width"] = nw;
            turned["height"] = nh;
        }
        return turned;
    }
}
