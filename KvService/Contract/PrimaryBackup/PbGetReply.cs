namespace KvService.Contract.PrimaryBackup;

/// <summary>Reply of a primary's <c>Get</c> (its arguments are the KV service's <see cref="GetArgs"/>).</summary>
public sealed record PbGetReply(PbError Error, string Value);
