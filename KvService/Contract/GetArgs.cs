namespace KvService.Contract;

/// <summary>Arguments of <c>Get</c>: the key, and the caller's identity and request number.</summary>
public sealed record GetArgs(string Key, long ClientId, long Seq);
