using KvService.Contract;
using KvService.Reference;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>Bug: the clerk waits for its Put with <c>.Wait()</c>, which blocks the simulation's only thread (the reply can never come).</summary>
public sealed class BlockingClerkKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "blocking-clerk";

    /// <inheritdoc/>
    public override string Description => "the clerk blocks on .Wait() for a Put instead of awaiting it";

    /// <inheritdoc/>
    public override IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new Clerk(this, new KvClerk(runtime, servers));

    /// <summary>How many times a clerk of this implementation blocked (a run's thread stays blocked: once per run).</summary>
    public int Blocks => _blocks;

    private int _blocks;

    private sealed class Clerk(BlockingClerkKv owner, KvClerk inner) : IKvClerk
    {
        public Task<string> GetAsync(string key) => inner.GetAsync(key);

        public Task PutAsync(string key, string value)
        {
            Interlocked.Increment(ref owner._blocks);
            inner.PutAsync(key, value).Wait();
            return Task.CompletedTask;
        }

        public Task<string> AppendAsync(string key, string arg) => inner.AppendAsync(key, arg);
    }
}
