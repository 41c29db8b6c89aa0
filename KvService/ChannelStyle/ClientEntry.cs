namespace KvService.ChannelStyle;

/// <summary>What <see cref="ChannelKvServer"/> remembers of a client: its latest Put or Append (sequence number), and an
/// Append's old value (null for a Put) to answer a retry with.</summary>
public sealed record ClientEntry(long Seq, string? OldValue);
