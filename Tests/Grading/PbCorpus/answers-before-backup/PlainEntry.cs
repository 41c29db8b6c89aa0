using LabRpc;
namespace Students.PbAnswersBeforeBackup;

/// <summary>A client's last Put or Append: its sequence number and what it answered (an Append's old value).</summary>
public sealed record PlainEntry(long ClientId, long Seq, string Reply);
