namespace LabRpc.Tests.Tcp;

/// <summary>Handlers for the TCP tests: an echo, one that waits for the test, one that throws, one that never answers.</summary>
public sealed class TcpTestService
{
    private TaskCompletionSource<bool> _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Calls that have entered <see cref="Slow"/>.</summary>
    public int SlowStarted { get; private set; }

    public string Echo(string text) => text + "!";

    public int Twice(int x) => 2 * x;

    public async Task<int> Slow(int x)
    {
        SlowStarted++;
        await _gate.Task;
        return x;
    }

    public int Boom(int x) => throw new InvalidOperationException("bad state " + x);

    public Task<int> Never(int x) => new TaskCompletionSource<int>().Task;

    /// <summary>Lets every waiting and future <see cref="Slow"/> call finish.</summary>
    public void Open() => _gate.TrySetResult(true);
}
