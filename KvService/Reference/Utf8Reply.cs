using System.Runtime.Serialization;

namespace KvService.Reference;

/// <summary>A reply holding one stored value, which the MessagePack codec writes as a one-entry map of UTF-8 bytes.</summary>
public abstract class Utf8Reply
{
    private protected Utf8Reply(Utf8Value value, byte[] field)
    {
        Utf8 = value;
        Field = field;
    }

    // Fields, not properties, so that the network's message check sees the attribute and skips them.
    [IgnoreDataMember]
    internal readonly Utf8Value Utf8;

    [IgnoreDataMember]
    internal readonly byte[] Field;
}
