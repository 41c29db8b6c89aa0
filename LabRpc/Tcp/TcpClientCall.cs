namespace LabRpc;

/// <summary>A call sent on a TCP connection and not answered yet.</summary>
internal abstract class TcpClientCall(string method, long deadline)
{
    public string Method { get; } = method;

    /// <summary>The timestamp after which the call fails (ok=false).</summary>
    public long Deadline { get; } = deadline;

    /// <summary>Decodes the reply (on the reading thread, before the bytes are let go); <see cref="Complete"/> delivers it.</summary>
    public abstract void SetReply(ICodec codec, ReadOnlyMemory<byte> reply);

    /// <summary>Makes the call throw <paramref name="error"/> once completed.</summary>
    public abstract void SetError(Exception error);

    /// <summary>Completes the caller's await: with what was set, or ok=false if nothing was.</summary>
    public abstract void Complete();
}
