using LabRpc;
namespace Students.PbCorrect;

/// <summary>The backup's answer to a state transfer: true once it holds the state.</summary>
public sealed record PlainTransferReply(bool Ok);
