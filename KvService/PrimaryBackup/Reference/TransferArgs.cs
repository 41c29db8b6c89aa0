namespace KvService.PrimaryBackup.Reference;

/// <summary>
/// The whole state of the primary of view <see cref="ViewNumber"/>, sent to its backup before the primary serves with
/// it: the values, the duplicate table and the number of writes so far. <see cref="Epoch"/> grows with each transfer of
/// that primary, so that a late copy of an earlier transfer is refused.
/// </summary>
public sealed record TransferArgs(long ViewNumber, string Primary, long Epoch, long Index, Dictionary<string, string> Values, DuplicateEntry[] Duplicates);
