namespace LabRpc;

/// <summary>The network's calls into a codec: straight to <see cref="MessagePackCodec"/>'s static methods when it is the one
/// (an interface's generic method costs a lookup per call), through <see cref="ICodec"/> otherwise.</summary>
internal static class Codecs
{
    public static byte[] Encode<T>(ICodec codec, T value) =>
        codec is MessagePackCodec ? MessagePackCodec.EncodeValue(value) : codec.Encode(value);

    public static T Decode<T>(ICodec codec, ReadOnlyMemory<byte> bytes) =>
        codec is MessagePackCodec ? MessagePackCodec.DecodeValue<T>(bytes) : codec.Decode<T>(bytes);
}
