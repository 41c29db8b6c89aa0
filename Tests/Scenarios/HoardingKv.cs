using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

/// <summary>Correct, but its server keeps 64 KiB more of memory for every request it serves: a run of it spends a memory budget.</summary>
public sealed class HoardingKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "hoarding";

    /// <inheritdoc/>
    protected override SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new Server(runtime, persister);

    private sealed class Server(IRuntime runtime, Persister persister) : SimpleKvServer(runtime, persister)
    {
        private readonly List<byte[]> _kept = [];

        protected override void Remember(long clientId, long seq, string reply, bool isGet)
        {
            _kept.Add(new byte[64 << 10]);
            base.Remember(clientId, seq, reply, isGet);
        }
    }
}
