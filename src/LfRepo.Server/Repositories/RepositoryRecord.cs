namespace LfRepo.Server.Repositories;

public sealed class RepositoryRecord
{
    public required string Id { get; set; }

    public required string Name { get; set; }
}
