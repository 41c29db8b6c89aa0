namespace LabRpc.Tests.Kv.Plain;

/// <summary><see cref="PlainKvServer"/>'s whole state, saved as JSON when its log grows long.</summary>
public sealed record PlainSnapshot(Dictionary<string, string> Values, Dictionary<long, LastRequest> Clients);
