using System.Threading.Channels;
using LabRpc;
using LabRpc.Raft;

namespace MyRaft;

/// <summary>The factory the tester loads (LABRPC_RAFT_IMPL=path/to/myraft.dll): complete, nothing to change.</summary>
public sealed class MyRaftImplementation : IRaftImplementation
{
    public string Name => "myraft";

    public IRaft Make(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh) =>
        new Raft(runtime, peers, me, persister, applyCh);
}
