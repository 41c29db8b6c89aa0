using System.Text.Json;

namespace LabRpc.Raft.Tester;

/// <summary>
/// Commands as the tester compares them. A command crosses the network and the disk as bytes, so an <c>int</c> may come
/// back as another integer type (MessagePack writes the smallest that fits): every integer is compared as a
/// <see cref="long"/>, strings as strings. A command that a peer saved with System.Text.Json and read back comes as a
/// <see cref="JsonElement"/>: its number or string is compared.
/// </summary>
internal static class Commands
{
    public static object? Normalize(object? command) => command switch
    {
        null => null,
        sbyte v => (long)v,
        byte v => (long)v,
        short v => (long)v,
        ushort v => (long)v,
        int v => (long)v,
        uint v => (long)v,
        long v => v,
        ulong v => unchecked((long)v),
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out long v) => v,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => command,
    };

    public static bool Same(object? a, object? b) => Equals(Normalize(a), Normalize(b));

    public static string Show(object? command) => Normalize(command) switch
    {
        null => "null",
        string s when s.Length > 20 => $"\"{s[..20]}...\" ({s.Length} chars)",
        string s => $"\"{s}\"",
        var v => v.ToString() ?? "?",
    };
}
