using MessagePack;
using MessagePack.Resolvers;

namespace LabRpc;

/// <summary>
/// The default codec: MessagePack, contractless (any type with public properties or fields, no attributes),
/// the fastest of the codecs measured (see docs/simulator/network.md).
/// </summary>
public sealed class MessagePackCodec : ICodec
{
    /// <summary>The shared instance.</summary>
    public static readonly MessagePackCodec Instance = new();

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance);

    /// <inheritdoc/>
    public byte[] Encode<T>(T value) => MessagePackSerializer.Serialize(value, Options);

    /// <inheritdoc/>
    public byte[] Encode(object value) => MessagePackSerializer.Serialize(value.GetType(), value, Options);

    /// <inheritdoc/>
    public T Decode<T>(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<T>(bytes, Options);
}
