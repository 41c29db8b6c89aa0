namespace KvService.Contract;

/// <summary>Arguments of <c>Put</c>: replace the value of <paramref name="Key"/>.</summary>
public sealed record PutArgs(string Key, string Value, long ClientId, long Seq);
