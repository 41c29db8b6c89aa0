namespace KvService.PrimaryBackup.Reference;

/// <summary>A client's latest Put or Append: its sequence number and, for an Append, the value it returned.</summary>
public sealed record DuplicateEntry(long ClientId, long Seq, string OldValue);
