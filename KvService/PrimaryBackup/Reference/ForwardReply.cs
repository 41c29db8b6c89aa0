using KvService.Contract.PrimaryBackup;

namespace KvService.PrimaryBackup.Reference;

/// <summary>Reply of <c>Forward</c>: <see cref="PbError.Ok"/> once the backup holds the write.</summary>
public sealed record ForwardReply(PbError Error);
