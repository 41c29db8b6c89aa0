namespace KvService.Contract;

/// <summary>Arguments of <c>Append</c>: add <paramref name="Value"/> at the end of the value of <paramref name="Key"/>.</summary>
public sealed record AppendArgs(string Key, string Value, long ClientId, long Seq);
