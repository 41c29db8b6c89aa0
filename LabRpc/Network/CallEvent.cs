namespace LabRpc;

/// <summary>One step of one call, for observers and fault injectors (see <see cref="Network.OnCallEvent"/>).</summary>
/// <param name="Stage">Which step.</param>
/// <param name="CallId">The call's number, unique in its network.</param>
/// <param name="Method">The method called, <c>"Service.Method"</c>.</param>
/// <param name="End">The caller's end.</param>
/// <param name="Server">The server the request went to, if it reached one.</param>
/// <param name="Duplicate">True for a copy of a request that the network delivered twice.</param>
public readonly record struct CallEvent(CallStage Stage, long CallId, string Method, string End, string? Server, bool Duplicate);
