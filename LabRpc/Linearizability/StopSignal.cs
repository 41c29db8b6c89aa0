namespace LabRpc.Linearizability;

/// <summary>A flag that tells every running partition search to stop (timeout, cancellation, an illegal part found).</summary>
internal sealed class StopSignal
{
    private volatile bool _stopped;

    public bool IsSet => _stopped;

    public void Set() => _stopped = true;
}
