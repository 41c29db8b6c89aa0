namespace KvService.PrimaryBackup.Reference;

/// <summary>
/// A request the primary of view <see cref="ViewNumber"/> forwards to its backup before it executes and answers it:
/// the <see cref="Index"/>-th write since state transfer <see cref="Epoch"/> (a Get is a confirmation and carries the
/// index of the last write), with the client's id and sequence number.
/// </summary>
public sealed record ForwardArgs(long ViewNumber, string Primary, long Epoch, long Index, PbOp Op, string Key, string Value, long ClientId, long Seq);
