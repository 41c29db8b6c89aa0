namespace LabRpc.Tests.Kv.Plain;

/// <summary>What <see cref="PlainKvServer"/> remembers of a client: its latest Put or Append, and an Append's old value
/// (null for a Put) to answer a retry with.</summary>
public sealed record LastRequest(long Seq, string? OldValue);
