using System.Buffers;
using System.Collections.Concurrent;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace LabRpc;

/// <summary>
/// The default codec: MessagePack, contractless (any type with public properties or fields, no attributes),
/// the fastest of the codecs measured (see docs/simulator/network.md).
/// </summary>
/// <remarks>
/// It writes and reads through each type's formatter directly (looked up once per type), into a buffer reused by the
/// thread: the bytes are MessagePackSerializer's, without its per-call lookups and pooled sequences.
/// </remarks>
public sealed class MessagePackCodec : ICodec
{
    /// <summary>The shared instance.</summary>
    public static readonly MessagePackCodec Instance = new();

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance);

    private static readonly ConcurrentDictionary<Type, Func<object, byte[]>> ByRuntimeType = new();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <inheritdoc/>
    public byte[] Encode<T>(T value) => EncodeValue(value);

    /// <inheritdoc/>
    public byte[] Encode(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return EncoderFor(value.GetType())(value);
    }

    /// <summary>What encodes a boxed value whose runtime type is <paramref name="type"/> (made once per type): a caller that
    /// sends values of one type again and again keeps it.</summary>
    internal static Func<object, byte[]> EncoderFor(Type type)
    {
        if (ByRuntimeType.TryGetValue(type, out var encode)) return encode;
        return ByRuntimeType.GetOrAdd(type, static t => typeof(MessagePackCodec)
            .GetMethod(nameof(EncodeBoxed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(t).CreateDelegate<Func<object, byte[]>>());
    }

    /// <inheritdoc/>
    public T Decode<T>(ReadOnlyMemory<byte> bytes) => DecodeValue<T>(bytes);

    /// <summary>As <see cref="Encode{T}"/>, without the interface's generic virtual call (the network's hot path).</summary>
    internal static byte[] EncodeValue<T>(T value)
    {
        // Taken off the thread while in use: a formatter that encodes something itself gets a buffer of its own.
        if (Formatter<T>.Instance is not { } formatter) return MessagePackSerializer.Serialize(value, Options); // its error
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        t_buffer = null;
        try
        {
            var writer = new MessagePackWriter(buffer);
            try
            {
                formatter.Serialize(ref writer, value, Options);
            }
            catch (Exception error)
            {
                throw new MessagePackSerializationException($"Failed to serialize {typeof(T).FullName} value.", error);
            }
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity <= MaxKeptBuffer)
            {
                buffer.ResetWrittenCount();
                t_buffer = buffer;
            }
        }
    }

    /// <summary>As <see cref="Decode{T}"/>, without the interface's generic virtual call (the network's hot path).</summary>
    internal static T DecodeValue<T>(ReadOnlyMemory<byte> bytes)
    {
        if (Formatter<T>.Instance is not { } formatter) return MessagePackSerializer.Deserialize<T>(bytes, Options); // its error
        var reader = new MessagePackReader(bytes);
        try
        {
            return formatter.Deserialize(ref reader, Options);
        }
        catch (Exception error)
        {
            throw new MessagePackSerializationException($"Failed to deserialize {typeof(T).FullName} value.", error);
        }
    }

    // Small: a kept buffer that a big message outgrows is let go, and the memory checks measure the heap around a run, so
    // what a thread kept before the run shows as memory the server gave back (64 KiB on each of two threads once made a
    // 1 MB value measure 865 KB). 8 KiB holds every message of the labs' usual runs.
    private const int MaxKeptBuffer = 8 * 1024;

    private static byte[] EncodeBoxed<T>(object value) => EncodeValue((T)value);

    /// <summary>The formatter of <typeparamref name="T"/>, looked up once; null when the resolver has none or fails (then
    /// MessagePackSerializer is called, to fail with its own error).</summary>
    private static class Formatter<T>
    {
        public static readonly IMessagePackFormatter<T>? Instance = Find();

        private static IMessagePackFormatter<T>? Find()
        {
            try
            {
                return Options.Resolver.GetFormatter<T>();
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
