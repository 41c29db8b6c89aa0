namespace LabRpc;

/// <summary>Where a call is on its way.</summary>
internal enum CallState
{
    /// <summary>Travelling to the server, or waiting to fail because it cannot reach one.</summary>
    Requested,

    /// <summary>The handler is running.</summary>
    Handling,

    /// <summary>Its outcome (a reply or a failure) is on its way back.</summary>
    Replying,

    /// <summary>The caller has its outcome.</summary>
    Done,
}
