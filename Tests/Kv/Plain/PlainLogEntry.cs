namespace LabRpc.Tests.Kv.Plain;

/// <summary>One Put or Append in <see cref="PlainKvServer"/>'s log: a line of JSON.</summary>
public sealed record PlainLogEntry(string Op, long ClientId, long Seq, string Key, string Value)
{
    /// <summary>The operation name of a Put.</summary>
    public const string Put = "Put";

    /// <summary>The operation name of an Append.</summary>
    public const string Append = "Append";
}
