namespace KvService.Scenarios;

/// <summary>
/// The clients of a run (and the final reader, the last) as the deadline watch sees them: what each waits for, which missed
/// a deadline, and which have settled — finished, or stopped at a late operation — so that the run waits for no client
/// whose operation will never return.
/// </summary>
internal sealed class Watch(int clients)
{
    private readonly bool[] _settled = new bool[clients];
    private readonly TaskCompletionSource[] _settledUpTo = [.. Enumerable.Range(0, clients + 1).Select(_ => new TaskCompletionSource())];
    private int _count;

    /// <summary>The operation each client waits for, if any.</summary>
    public Waiting?[] Waiting { get; } = new Waiting?[clients];

    /// <summary>The clients whose operation missed its deadline.</summary>
    public bool[] Late { get; } = new bool[clients];

    /// <summary>True when every client has settled.</summary>
    public bool AllSettled => _count == _settled.Length;

    /// <summary>Completes when clients 0 .. <paramref name="count"/>-1 have all settled.</summary>
    public Task Settled(int count)
    {
        if (count == 0) return Task.CompletedTask;
        Check();
        return _settledUpTo[count].Task;
    }

    /// <summary>Settles <paramref name="client"/> when <paramref name="body"/> ends (unless a missed deadline settled it first).</summary>
    public async Task Settles(int client, Task body)
    {
        try
        {
            await body;
        }
        finally
        {
            Settle(client);
        }
    }

    /// <summary>Marks <paramref name="client"/> settled (once).</summary>
    public void Settle(int client)
    {
        if (_settled[client]) return;
        _settled[client] = true;
        _count++;
        Check();
    }

    private void Check()
    {
        int prefix = 0;
        while (prefix < _settled.Length && _settled[prefix]) prefix++;
        for (int n = 1; n <= prefix; n++) _settledUpTo[n].TrySetResult();
    }
}
