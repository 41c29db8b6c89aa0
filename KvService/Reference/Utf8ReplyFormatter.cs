using MessagePack;
using MessagePack.Formatters;

namespace KvService.Reference;

/// <summary>Writes a <see cref="Utf8Reply"/> as contractless MessagePack writes the contract's reply record: <c>{field: str}</c>.</summary>
internal sealed class Utf8ReplyFormatter : IMessagePackFormatter<Utf8GetReply>, IMessagePackFormatter<Utf8AppendReply>
{
    public void Serialize(ref MessagePackWriter writer, Utf8GetReply value, MessagePackSerializerOptions options) => Write(ref writer, value);

    public void Serialize(ref MessagePackWriter writer, Utf8AppendReply value, MessagePackSerializerOptions options) => Write(ref writer, value);

    Utf8GetReply IMessagePackFormatter<Utf8GetReply>.Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        throw new NotSupportedException("Decode the contract's GetReply instead.");

    Utf8AppendReply IMessagePackFormatter<Utf8AppendReply>.Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        throw new NotSupportedException("Decode the contract's AppendReply instead.");

    private static void Write(ref MessagePackWriter writer, Utf8Reply reply)
    {
        writer.WriteMapHeader(1);
        writer.WriteString(reply.Field);
        int length = reply.Utf8.Length;
        writer.WriteStringHeader(length);
        if (length == 0) return;
        var span = writer.GetSpan(length);
        reply.Utf8.CopyTo(span[..length]);
        writer.Advance(length);
    }
}
