namespace KvService.Contract;

/// <summary>Reply of <c>Append</c>: the value the key held before the append.</summary>
public sealed record AppendReply(string OldValue);
