using System.Threading.Channels;
using LabRpc.Raft;

namespace LabRpc.Tests.Raft;

/// <summary>Implementations that are wrong in ways a harness must report clearly, not crash on.</summary>
internal static class BrokenImplementations
{
    /// <summary>Make throws.</summary>
    public sealed class ThrowsInMake : IRaftImplementation
    {
        public string Name => "throws-in-make";

        public IRaft Make(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh) =>
            throw new InvalidOperationException("not implemented yet");
    }

    /// <summary>A peer that does nothing: it never starts an election.</summary>
    public sealed class NeverElects : IRaftImplementation
    {
        public string Name => "never-elects";

        public IRaft Make(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh) => new Idle();

        private sealed class Idle : IRaft
        {
            public StartResult Start(object command) => new(-1, 0, false);

            public RaftState GetState() => new(0, false);

            public void Snapshot(int index, byte[] snapshot)
            {
            }
        }
    }

    /// <summary>A peer whose background task throws after a while.</summary>
    public sealed class ThrowsInItsTicker : IRaftImplementation
    {
        public string Name => "throws-in-its-ticker";

        public IRaft Make(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh)
        {
            runtime.Go(async () =>
            {
                await runtime.Delay(TimeSpan.FromMilliseconds(100));
                throw new IndexOutOfRangeException("log index 7 is past the end");
            });
            return new NeverElects().Make(runtime, peers, me, persister, applyCh);
        }
    }

    /// <summary>A peer whose ticker runs on the thread pool (Task.Run), outside the simulation.</summary>
    public sealed class EscapesWithTaskRun : IRaftImplementation
    {
        public string Name => "escapes-with-task-run";

        public IRaft Make(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh)
        {
            _ = Task.Run(async () =>
            {
                await runtime.Delay(TimeSpan.FromMilliseconds(100));
            });
            return new NeverElects().Make(runtime, peers, me, persister, applyCh);
        }
    }
}
