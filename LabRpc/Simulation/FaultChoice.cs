namespace LabRpc;

/// <summary>A yes-or-no fault the network (or a harness) asks an <see cref="IChooser"/> about.</summary>
public enum FaultChoice
{
    /// <summary>A request is lost: the handler never runs.</summary>
    DropRequest,

    /// <summary>A reply is lost: the handler ran.</summary>
    DropReply,

    /// <summary>A request is delivered twice.</summary>
    Duplicate,

    /// <summary>A reply is held back (labrpc's long reordering), so that later messages overtake it.</summary>
    HoldReply,

    /// <summary>A server crashes at a crash point (asked by a harness, not by the network).</summary>
    Crash,
}
