using MessagePack;

namespace KvService.Reference;

/// <summary>
/// The reference server's reply to Append: on the wire the same as <see cref="Contract.AppendReply"/>, written straight
/// from the stored UTF-8 bytes of the old value (see <see cref="Utf8GetReply"/>).
/// </summary>
[MessagePackFormatter(typeof(Utf8ReplyFormatter))]
public sealed class Utf8AppendReply : Utf8Reply
{
    private static readonly byte[] FieldName = "OldValue"u8.ToArray();

    internal static readonly Utf8AppendReply Empty = new(Utf8Value.Empty);

    internal Utf8AppendReply(Utf8Value value) : base(value, FieldName) { }

    /// <summary>The value the key held before the append.</summary>
    public string OldValue => Utf8.ToString();
}
