using KvService.Contract.PrimaryBackup;

namespace KvService.PrimaryBackup.Reference;

/// <summary>Reply of <c>Transfer</c>: <see cref="PbError.Ok"/> once the backup holds the state.</summary>
public sealed record TransferReply(PbError Error);
