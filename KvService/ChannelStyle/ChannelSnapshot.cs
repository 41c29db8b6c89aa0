namespace KvService.ChannelStyle;

/// <summary><see cref="ChannelKvServer"/>'s whole state, saved as JSON when its log grows long.</summary>
public sealed record ChannelSnapshot(Dictionary<string, string> Values, Dictionary<long, ClientEntry> Clients);
