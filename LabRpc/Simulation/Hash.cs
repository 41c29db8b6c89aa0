namespace LabRpc;

/// <summary>Cheap, stable (same on every machine and run) hashing for the trace hash.</summary>
internal static class Hash
{
    public static ulong Of(long id, ReadOnlySpan<byte> bytes)
    {
        ulong h = (ulong)id * 0x9E3779B97F4A7C15UL ^ (ulong)bytes.Length;
        int i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
            h = (h ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..])) * 0xFF51AFD7ED558CCDUL;
        for (; i < bytes.Length; i++)
            h = (h ^ bytes[i]) * 0x100000001B3UL;
        return h ^ (h >> 33);
    }
}
