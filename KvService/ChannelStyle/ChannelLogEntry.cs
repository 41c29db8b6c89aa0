namespace KvService.ChannelStyle;

/// <summary>One Put or Append in <see cref="ChannelKvServer"/>'s log: a line of JSON in the persister.</summary>
public sealed record ChannelLogEntry(string Op, long ClientId, long Seq, string Key, string Value);
