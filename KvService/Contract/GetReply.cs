namespace KvService.Contract;

/// <summary>Reply of <c>Get</c>: the value, "" for a missing key.</summary>
public sealed record GetReply(string Value);
