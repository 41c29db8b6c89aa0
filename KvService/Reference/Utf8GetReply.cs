using MessagePack;

namespace KvService.Reference;

/// <summary>
/// The reference server's reply to Get: on the wire the same as <see cref="Contract.GetReply"/> (the clerk decodes it as
/// one), but written straight from the stored UTF-8 bytes by the MessagePack codec, without making a string first.
/// Other codecs serialize <see cref="Value"/>.
/// </summary>
[MessagePackFormatter(typeof(Utf8ReplyFormatter))]
public sealed class Utf8GetReply : Utf8Reply
{
    private static readonly byte[] FieldName = "Value"u8.ToArray();

    internal static readonly Utf8GetReply Empty = new(Utf8Value.Empty);

    internal Utf8GetReply(Utf8Value value) : base(value, FieldName) { }

    /// <summary>The value, "" for a missing key.</summary>
    public string Value => Utf8.ToString();
}
