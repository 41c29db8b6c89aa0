namespace LabRpc.Exploration;

/// <summary>What a branching point of a run decides.</summary>
public enum ChoiceKind
{
    /// <summary>Which ready task (or node, under <see cref="Reduction.Nodes"/>) runs next; any but the first is a deviation.</summary>
    Schedule,

    /// <summary>Whether a request is lost (a fault).</summary>
    DropRequest,

    /// <summary>Whether a reply is lost (a fault).</summary>
    DropReply,

    /// <summary>Whether a request is delivered twice (a fault).</summary>
    Duplicate,

    /// <summary>Whether a duplicate's copy arrives at once (0) or late, after later requests (1); free: the duplicate was the fault.</summary>
    CopyLate,

    /// <summary>Whether a reply is held back past later messages (a fault).</summary>
    HoldReply,

    /// <summary>Whether the server crashes at a crash point (a fault, and a crash).</summary>
    Crash,

    /// <summary>A choice simulated code asked for (<see cref="IChooser.Pick"/>); any but the first is a deviation.</summary>
    Pick,
}
