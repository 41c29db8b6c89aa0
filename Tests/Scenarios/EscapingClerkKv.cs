using KvService.Contract;
using KvService.Reference;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

/// <summary>Bug: the clerk computes something with <c>Task.Run</c> before each Put, on the thread pool, outside the
/// runtime. <see cref="WorkDoneBeforeTheAwait"/> forces which way its race with the await goes.</summary>
public sealed class EscapingClerkKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "escaping-clerk";

    /// <inheritdoc/>
    public override string Description => "the clerk awaits Task.Run before each Put";

    /// <summary>True: the clerk waits (spinning) until the pool has done the work, so that its await does not suspend, as
    /// on an idle machine; false: the work waits until the simulation has stopped, as on a busy one.</summary>
    public bool WorkDoneBeforeTheAwait { get; set; }

    /// <inheritdoc/>
    public override IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new Clerk(this, new KvClerk(runtime, servers));

    private sealed class Clerk(EscapingClerkKv owner, KvClerk inner) : IKvClerk
    {
        public Task<string> GetAsync(string key) => inner.GetAsync(key);

        public async Task PutAsync(string key, string value)
        {
            bool done = owner.WorkDoneBeforeTheAwait;
            var work = Task.Run(async () =>
            {
                if (!done) await Task.Delay(100);
                return value.Length;
            });
            if (done)
            {
                while (!work.IsCompleted) Thread.SpinWait(100);
            }
            await work;
            await inner.PutAsync(key, value);
        }

        public Task<string> AppendAsync(string key, string arg) => inner.AppendAsync(key, arg);
    }
}
