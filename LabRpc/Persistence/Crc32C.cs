using System.Buffers.Binary;
using System.Numerics;

namespace LabRpc;

/// <summary>CRC-32C (Castagnoli), the checksum of the persister's log records; the processor's CRC instruction when it
/// has one. <c>Append(Append(0, a), b)</c> equals <c>Append(0, a ++ b)</c>.</summary>
internal static class Crc32C
{
    /// <summary>The checksum of <paramref name="crc"/>'s bytes followed by <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data) state = BitOperations.Crc32C(state, b);
        return ~state;
    }

    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);
}
