namespace LabRpc.Tests.Persistence;

/// <summary>What a persister holds, as comparable text: one "key=hex" line a record, in key order.</summary>
internal static class Records
{
    public static string[] Of(Persister persister) =>
        persister.Keys.Order(StringComparer.Ordinal).Select(k => k + "=" + Convert.ToHexString(persister.Read(k)!)).ToArray();

    /// <summary>What the persister on <paramref name="folder"/> holds when opened now.</summary>
    public static string[] Opened(string folder)
    {
        using var persister = Persister.Open(folder);
        return Of(persister);
    }

    /// <summary>The log files in a folder (names only), in order.</summary>
    public static string[] Logs(string folder) =>
        Directory.EnumerateFiles(folder, "log-*").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
}
