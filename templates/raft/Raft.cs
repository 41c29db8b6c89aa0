using System.Threading.Channels;
using LabRpc;
using LabRpc.Raft;

namespace MyRaft;

/// <summary>
/// One Raft peer. The tester serves this object under the name "Raft": its public methods of the shape
/// <c>Reply Method(Args args)</c> are the handlers a peer calls with <c>await peers[i].Call&lt;Reply&gt;("Raft.Method", args)</c>.
/// All of a peer's code runs one piece at a time on its node: no locks, but the state may change across any await.
/// Reach the world only through <c>runtime</c> (Time, Random, Delay, Go), the ends and the persister.
/// </summary>
public sealed class Raft : IRaft
{
    private readonly IRuntime _runtime;
    private readonly IReadOnlyList<ClientEnd> _peers;
    private readonly int _me;
    private readonly Persister _persister;
    private readonly ChannelWriter<ApplyMsg> _applyCh;

    // Persistent state on all servers (Figure 2): save it with RaftPersistence.Save before answering an RPC.
    private int _currentTerm = 0;

    public Raft(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh)
    {
        _runtime = runtime;
        _peers = peers;
        _me = me;
        _persister = persister;
        _applyCh = applyCh;
        ReadPersist(RaftPersistence.ReadState(persister));
        _runtime.Go(Ticker, "ticker");
    }

    public RaftState GetState()
    {
        // 3A: your code here.
        return new RaftState(_currentTerm, false);
    }

    public StartResult Start(object command)
    {
        // 3B: your code here. A leader appends the command and returns at once (index, term, true).
        return new StartResult(-1, _currentTerm, false);
    }

    public void Snapshot(int index, byte[] snapshot)
    {
        // 3D: your code here.
    }

    public RequestVoteReply RequestVote(RequestVoteArgs args)
    {
        // 3A, 3B: your code here.
        return new RequestVoteReply(_currentTerm, false);
    }

    public AppendEntriesReply AppendEntries(AppendEntriesArgs args)
    {
        // 3A (heartbeats), 3B: your code here.
        return new AppendEntriesReply(_currentTerm, false);
    }

    private void Persist()
    {
        // 3C: encode the persistent state (System.Text.Json's JsonSerializer.SerializeToUtf8Bytes works; a command read
        // back is a JsonElement, which the tester compares by its value; the grader refuses the harness's MessagePackCodec)
        // and save it with RaftPersistence.Save(_persister, bytes) (and the snapshot, in 3D).
    }

    private void ReadPersist(byte[] state)
    {
        if (state.Length == 0) return;
        // 3C: decode what Persist saved.
    }

    private async Task Ticker()
    {
        while (true)
        {
            // 3A: start an election if this peer has not heard from a leader for a while.
            // Pause a random time: 300-600 ms of virtual time, say.
            await _runtime.Delay(TimeSpan.FromMilliseconds(300 + _runtime.Random.Next(300)));
        }
    }
}
