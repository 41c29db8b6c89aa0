namespace LabRpc;

/// <summary>A message waiting on a held link: a request (or its copy) or a reply, with the delay it drew when it left.</summary>
internal readonly record struct HeldMessage(PendingCall Call, HeldMessageKind Kind);
