namespace LabRpc;

/// <summary>
/// A frame on its way through a <see cref="FaultProxy"/>: its bytes (length prefix included, in a pooled buffer), the
/// moment it may leave, and whether the connection is cut at it (after <see cref="CutAfter"/> of its bytes).
/// </summary>
internal readonly record struct FaultProxyFrame(byte[] Buffer, int Length, long Due, int CutAfter)
{
    /// <summary>The value of <see cref="CutAfter"/> for a frame that is forwarded whole.</summary>
    public const int NoCut = -1;
}
