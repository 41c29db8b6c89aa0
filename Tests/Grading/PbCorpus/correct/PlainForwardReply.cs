using LabRpc;
namespace Students.PbCorrect;

/// <summary>The backup's answer to a forward: true once it holds the write (or confirms it is still the backup).</summary>
public sealed record PlainForwardReply(bool Ok);
