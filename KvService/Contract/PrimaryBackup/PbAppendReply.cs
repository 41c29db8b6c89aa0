namespace KvService.Contract.PrimaryBackup;

/// <summary>Reply of a primary's <c>Append</c> (its arguments are the KV service's <see cref="AppendArgs"/>): the
/// value before the append.</summary>
public sealed record PbAppendReply(PbError Error, string OldValue);
