using LfRepo.Server.Annotations;
using LfRepo.Server.Problems;
using LfRepo.Server.Security;
using LfRepo.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace LfRepo.Server.Stamps;

/// <summary>
/// The repository's stamps: public stamps every user sees, and personal stamps only their owner sees (to anyone
/// else one is a 404, as if it did not exist). Creating, changing or deleting a public stamp needs the ManageStamps
/// privilege; a personal stamp is its owner's to manage.
/// </summary>
public sealed class StampCatalog(LfRepoDbContext db, UserDirectory directory) : IStampLookup
{
    public const int MaxNameLength = 255;

    /// <summary>Largest custom data a stamp keeps, in characters.</summary>
    public const int MaxCustomDataLength = 65_536;

    /// <summary>Largest image file CreateStamp takes: 10 MiB.</summary>
    public const long MaxImageBytes = 10 * 1024 * 1024;

    /// <summary>Largest stamp image, in pixels on each side.</summary>
    public const int MaxImageSide = 4096;

    private IQueryable<StampRecord> Stamps => db.Set<StampRecord>();

    /// <summary>The stamps of <paramref name="scope"/> the user sees, in id order, without their images.</summary>
    public async Task<IReadOnlyList<Stamp>> ListAsync(string userName, StampScope scope, CancellationToken cancellationToken)
    {
        var visible = scope switch
        {
            StampScope.Public => Stamps.Where(s => s.IsPublic),
            StampScope.Personal => Stamps.Where(s => !s.IsPublic && s.OwnerName == userName),
            _ => Stamps.Where(s => s.IsPublic || s.OwnerName == userName),
        };
        var rows = await visible.AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Name, s.IsPublic, s.OwnerName, s.CustomData, s.ImageWidth, s.ImageHeight })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new Stamp(s.Id, s.Name, s.IsPublic, OwnerSid(s.OwnerName), s.CustomData, s.ImageWidth, s.ImageHeight))];
    }

    public async Task<Stamp> GetAsync(string userName, int stampId, CancellationToken cancellationToken) =>
        ToWire(await FindVisibleAsync(userName, stampId, cancellationToken));

    /// <summary>Whether the stamp exists and the user sees it (so may place it on a page).</summary>
    public async Task<bool> ExistsAsync(int stampId, string userName, CancellationToken cancellationToken) =>
        await Stamps.AnyAsync(s => s.Id == stampId && (s.IsPublic || s.OwnerName == userName), cancellationToken);

    /// <summary>Adds a stamp from an image file: decoded, turned to grayscale and kept as PNG.</summary>
    public async Task<Stamp> CreateAsync(string userName, string? name, bool isPublic, Stream? image, long? length, CancellationToken cancellationToken)
    {
        var checkedName = CheckName(name);
        if (isPublic)
        {
            RequireManageStamps(userName, "create a public stamp");
        }
        if (image is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidStamp, "CreateStamp needs the image as the multipart form field 'file'.");
        }
        if (length > MaxImageBytes)
        {
            throw new ApiProblemException(ProblemCatalog.RequestTooLarge, $"The stamp image is {length} bytes; at most {MaxImageBytes} are allowed.");
        }
        var (png, width, height) = await StampImages.ToInternalAsync(image, MaxImageBytes, MaxImageSide, cancellationToken);
        var record = new StampRecord
        {
            Name = checkedName,
            IsPublic = isPublic,
            OwnerName = userName,
            ImageWidth = width,
            ImageHeight = height,
            ImagePng = png,
        };
        db.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return ToWire(record);
    }

    public async Task<Stamp> UpdateAsync(string userName, int stampId, UpdateStampRequest? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ApiProblemException(ProblemCatalog.InvalidRequest, "UpdateStamp needs a JSON body with name and/or customData.");
        }
        var record = await FindManageableAsync(userName, stampId, "change", cancellationToken);
        if (request.Name is not null)
        {
            record.Name = CheckName(request.Name);
        }
        if (request.CustomData is not null)
        {
            record.CustomData = CheckCustomData(request.CustomData);
        }
        await db.SaveChangesAsync(cancellationToken);
        return ToWire(record);
    }

    /// <summary>Deletes the stamp. Stamp annotations placed with it keep its id and draw nothing where it was.</summary>
    public async Task DeleteAsync(string userName, int stampId, CancellationToken cancellationToken)
    {
        var record = await FindManageableAsync(userName, stampId, "delete", cancellationToken);
        await Stamps.Where(s => s.Id == record.Id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// The image of a public stamp as PNG, recoloured when <paramref name="color"/> (#RRGGBB) is given; a personal
    /// stamp is a 404 here, as the spec says.
    /// </summary>
    public async Task<byte[]> ImageAsync(int stampId, string? color, CancellationToken cancellationToken)
    {
        var tint = color is null ? (ValueTuple<byte, byte, byte>?)null : StampImages.ParseColor(color);
        var png = await Stamps.AsNoTracking().Where(s => s.Id == stampId && s.IsPublic).Select(s => s.ImagePng).FirstOrDefaultAsync(cancellationToken)
            ?? throw NotFound(stampId, "a public stamp");
        return tint is { } rgb ? StampImages.Recolor(png, rgb) : png;
    }

    public async Task<byte[]?> DrawableImageAsync(int stampId, string color, CancellationToken cancellationToken)
    {
        var png = await Stamps.AsNoTracking().Where(s => s.Id == stampId).Select(s => s.ImagePng).FirstOrDefaultAsync(cancellationToken);
        return png is null ? null : StampImages.Recolor(png, StampImages.ParseColor(color));
    }

    private async Task<StampRecord> FindVisibleAsync(string userName, int stampId, CancellationToken cancellationToken) =>
        await Stamps.AsNoTracking().FirstOrDefaultAsync(s => s.Id == stampId && (s.IsPublic || s.OwnerName == userName), cancellationToken)
        ?? throw NotFound(stampId, "a stamp this user can see");

    private async Task<StampRecord> FindManageableAsync(string userName, int stampId, string action, CancellationToken cancellationToken)
    {
        var record = await Stamps.FirstOrDefaultAsync(s => s.Id == stampId && (s.IsPublic || s.OwnerName == userName), cancellationToken)
            ?? throw NotFound(stampId, "a stamp this user can see");
        if (record.IsPublic)
        {
            RequireManageStamps(userName, $"{action} public stamp {stampId}");
        }
        return record;
    }

    private void RequireManageStamps(string userName, string what)
    {
        if (!directory.Principal(userName).Holds(SecurityPrivileges.ManageStamps))
        {
            throw new ApiProblemException(ProblemCatalog.AccessDenied, $"User '{userName}' lacks the ManageStamps privilege needed to {what}.");
        }
    }

    private static ApiProblemException NotFound(int stampId, string what) =>
        new(ProblemCatalog.StampNotFound, $"Stamp {stampId} is not {what}.");

    private static string CheckName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidStamp, "A stamp needs a name (the query parameter or form field 'name').");
        }
        if (trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new ApiProblemException(ProblemCatalog.InvalidStamp, $"A stamp name is 1 to {MaxNameLength} characters without control characters.");
        }
        return trimmed;
    }

    private static string CheckCustomData(string data) => data.Length <= MaxCustomDataLength ? data
        : throw new ApiProblemException(ProblemCatalog.InvalidStamp, $"customData is {data.Length} characters long; at most {MaxCustomDataLength} are kept.");

    private string? OwnerSid(string ownerName) => directory.FindByName(ownerName)?.Sid;

    private Stamp ToWire(StampRecord s) => new(s.Id, s.Name, s.IsPublic, OwnerSid(s.OwnerName), s.CustomData, s.ImageWidth, s.ImageHeight);
}
