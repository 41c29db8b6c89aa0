namespace LabRpc.Tests.Persistence;

/// <summary>A fresh folder under the system's temporary folder, removed with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("labrpc-persister-").FullName;

    public string Path { get; }

    /// <summary>A new empty folder inside this one.</summary>
    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    /// <summary>A copy of a persister folder's files, as a disk would hold them (the LOCK file is left out: it is held
    /// while the folder is open).</summary>
    public string CopyOf(string folder, string name)
    {
        string copy = Sub(name);
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (System.IO.Path.GetFileName(file) != "LOCK") File.Copy(file, System.IO.Path.Combine(copy, System.IO.Path.GetFileName(file)));
        }
        return copy;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
