using System.Runtime.InteropServices;

namespace LabRpc;

/// <summary>Flushes a folder's entries (names created, renamed, removed) to stable storage: after a rename, the new name
/// survives a power cut only once its folder is flushed.</summary>
internal static partial class FolderSync
{
    private const int ReadOnly = 0; // O_RDONLY on Linux and macOS

    /// <summary>fsync of <paramref name="folder"/>; nothing on Windows, where a rename is journaled and folders have no
    /// handle to flush.</summary>
    public static void Flush(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = Open(folder, ReadOnly);
        if (fd < 0) throw new IOException($"Could not open the folder {folder} to flush it to disk (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"Could not flush the folder {folder} to disk (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
