using System.Text.Json;
using LabRpc.Tests.Kv.Plain;

namespace LabRpc.Tests.Kv.Duplicates;

/// <summary>
/// How the duplicate checks' broken servers persist: their whole state (values and duplicate table) as one JSON record,
/// saved after each write. Correct, so that each of those servers has only its one bug and passes the rest of the suite.
/// </summary>
public static class SavedState
{
    /// <summary>The state <paramref name="persister"/> holds, empty at first.</summary>
    public static PlainSnapshot Load(Persister persister)
    {
        ArgumentNullException.ThrowIfNull(persister);
        byte[] saved = persister.ReadState();
        return saved.Length == 0 ? new PlainSnapshot([], []) : JsonSerializer.Deserialize<PlainSnapshot>(saved)!;
    }

    /// <summary>Saves <paramref name="state"/>, replacing what was saved.</summary>
    public static void Save(Persister persister, PlainSnapshot state)
    {
        ArgumentNullException.ThrowIfNull(persister);
        persister.SaveState(JsonSerializer.SerializeToUtf8Bytes(state));
    }
}
