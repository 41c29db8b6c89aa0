namespace KvService.Contract.PrimaryBackup;

/// <summary>Reply of a primary's <c>Put</c> (its arguments are the KV service's <see cref="PutArgs"/>).</summary>
public sealed record PbPutReply(PbError Error);
