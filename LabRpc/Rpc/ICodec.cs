namespace LabRpc;

/// <summary>Turns arguments and replies into bytes and back, so client and server never share objects.</summary>
public interface ICodec
{
    /// <summary>The bytes of <paramref name="value"/>, whose type is <typeparamref name="T"/>.</summary>
    byte[] Encode<T>(T value);

    /// <summary>The bytes of <paramref name="value"/>, by its runtime type.</summary>
    byte[] Encode(object value);

    /// <summary>A new <typeparamref name="T"/> read from <paramref name="bytes"/>.</summary>
    T Decode<T>(ReadOnlyMemory<byte> bytes);
}
