namespace KvService.Contract;

/// <summary>Reply of <c>Put</c>: nothing but the acknowledgement.</summary>
public sealed record PutReply;
