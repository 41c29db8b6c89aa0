using System.Text.Json;

namespace LabRpc;

/// <summary>A System.Text.Json codec: slower than <see cref="MessagePackCodec"/>, but readable bytes.</summary>
public sealed class JsonCodec : ICodec
{
    /// <summary>The shared instance.</summary>
    public static readonly JsonCodec Instance = new();

    private static readonly JsonSerializerOptions Options = new() { IncludeFields = true };

    /// <inheritdoc/>
    public byte[] Encode<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <inheritdoc/>
    public byte[] Encode(object value) => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Options);

    /// <inheritdoc/>
    public T Decode<T>(ReadOnlyMemory<byte> bytes) => JsonSerializer.Deserialize<T>(bytes.Span, Options)!;
}
