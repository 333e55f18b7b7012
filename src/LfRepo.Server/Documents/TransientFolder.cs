namespace LfRepo.Server.Documents;

/// <summary>Folders of the data folder whose content only means something to the process that wrote it.</summary>
public static class TransientFolder
{
    public static void Clear(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
