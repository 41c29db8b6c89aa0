namespace LabRpc.Linearizability;

/// <summary>A flag that tells every running partition search to stop (timeout, cancellation, an illegal part found).</summary>
internal sealed class StopSignal
{
    private volatile bool stopped;

    public bool IsSet => stopped;

    public void Set() => stopped = true;
}
