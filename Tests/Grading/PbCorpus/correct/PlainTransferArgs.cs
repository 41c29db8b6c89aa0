using LabRpc;
namespace Students.PbCorrect;

/// <summary>The whole state of the primary of <paramref name="View"/>: the values and what each client's last write answered.</summary>
public sealed record PlainTransferArgs(long View, string Primary, Dictionary<string, string> Values, PlainEntry[] Seen);
