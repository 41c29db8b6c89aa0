using System.Text.Json;
using System.Threading.Channels;
using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>
/// The reference Raft peer: leader election, log replication with fast backup, persistence and snapshots
/// (InstallSnapshot), after Figures 2 and 13 of the extended Raft paper. It runs on one node, reaches the world only
/// through its <see cref="IRuntime"/>, ends and persister, and implements <see cref="IRaftInspection"/> so that the
/// tester can check the log invariants at every step. Its public methods taking one argument are its RPC handlers.
/// </summary>
public sealed class ReferenceRaft : IRaft, IRaftInspection
{
    /// <summary>How often a leader sends heartbeats: ten per second, the most the tester allows.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(100);

    private const int ElectionTimeoutMinMs = 300;
    private const int ElectionTimeoutSpreadMs = 300;

    private readonly IRuntime _runtime;
    private readonly IReadOnlyList<ClientEnd> _peers;
    private readonly int _me;
    private readonly Persister _persister;
    private readonly ChannelWriter<ApplyMsg> _applyCh;
    private readonly RaftFlaw _flaws;

    // Persistent state: the log holds a sentinel at position 0 for the snapshot's last entry (index _snapshotIndex).
    private int _term;
    private int _votedFor = -1;
    private List<LogEntry> _log = [new LogEntry(0, null)];
    private int _snapshotIndex;
    private byte[] _snapshot = [];

    // Volatile state.
    private RaftRole _role = RaftRole.Follower;
    private int _commitIndex;
    private int _lastApplied;
    private int[] _nextIndex = [];
    private int[] _matchIndex = [];
    private DateTimeOffset _electionDeadline;
    private bool _applying;
    private bool _snapshotToApply;
    private bool _replicationKicked;

    internal ReferenceRaft(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh, RaftFlaw flaws)
    {
        _runtime = runtime;
        _peers = peers;
        _me = me;
        _persister = persister;
        _applyCh = applyCh;
        _flaws = flaws;
        Restore();
        _commitIndex = _snapshotIndex;
        _lastApplied = _snapshotIndex;
        ResetElectionTimer();
        _runtime.Go(Ticker, "raft ticker");
    }

    /// <inheritdoc/>
    public int CurrentTerm => _term;

    /// <inheritdoc/>
    public bool IsLeader => _role == RaftRole.Leader;

    /// <inheritdoc/>
    public int CommitIndex => _commitIndex;

    /// <inheritdoc/>
    public int SnapshotIndex => _snapshotIndex;

    /// <inheritdoc/>
    public int LastLogIndex => _snapshotIndex + _log.Count - 1;

    private int LastLogTerm => _log[^1].Term;

    private int Majority => _peers.Count / 2 + 1;

    private bool Has(RaftFlaw flaw) => (_flaws & flaw) != 0;

    /// <inheritdoc/>
    public int TermAt(int index) => _log[index - _snapshotIndex].Term;

    /// <inheritdoc/>
    public object? CommandAt(int index) => _log[index - _snapshotIndex].Command;

    /// <inheritdoc/>
    public StartResult Start(object command)
    {
        if (_role != RaftRole.Leader) return new StartResult(-1, _term, false);
        _log.Add(new LogEntry(_term, command));
        Persist();
        _matchIndex[_me] = LastLogIndex;
        if (Has(RaftFlaw.CommitsBeforeAMajority))
        {
            _commitIndex = LastLogIndex;
            KickApplier();
        }
        KickReplication();
        return new StartResult(LastLogIndex, _term, true);
    }

    /// <inheritdoc/>
    public RaftState GetState() => new(_term, _role == RaftRole.Leader);

    /// <inheritdoc/>
    public void Snapshot(int index, byte[] snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (index <= _snapshotIndex || index > _commitIndex || index > LastLogIndex) return;
        int cut = Has(RaftFlaw.SnapshotOffByOne) && index < LastLogIndex ? index + 1 : index;
        int snapshotTerm = TermAt(cut);
        _log = [new LogEntry(snapshotTerm, null), .. _log.Skip(cut - _snapshotIndex + 1)];
        _snapshotIndex = cut;
        _snapshot = snapshot;
        Persist(withSnapshot: true);
    }

    /// <summary>The RequestVote handler.</summary>
    public RequestVoteReply RequestVote(RequestVoteArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Term < _term) return new RequestVoteReply(_term, false);
        if (args.Term > _term) BecomeFollower(args.Term);
        bool upToDate = Has(RaftFlaw.VoteWithoutUpToDateCheck)
            || args.LastLogTerm > LastLogTerm || (args.LastLogTerm == LastLogTerm && args.LastLogIndex >= LastLogIndex);
        bool free = _votedFor == -1 || _votedFor == args.CandidateId || Has(RaftFlaw.VotesTwiceInATerm);
        if (!free || !upToDate) return new RequestVoteReply(_term, false);
        _votedFor = args.CandidateId;
        Persist();
        if (!Has(RaftFlaw.TimerNotResetOnVote)) ResetElectionTimer();
        return new RequestVoteReply(_term, true);
    }

    /// <summary>The AppendEntries handler, with the fast backup hints in its reply.</summary>
    public AppendEntriesReply AppendEntries(AppendEntriesArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Term < _term) return new AppendEntriesReply(_term, false, -1, -1);
        if (args.Term > _term) BecomeFollower(args.Term);
        _role = RaftRole.Follower;
        ResetElectionTimer();

        int prevIndex = args.PrevLogIndex;
        var entries = args.Entries ?? [];
        int prevTerm = args.PrevLogTerm;
        if (prevIndex < _snapshotIndex)
        {
            // The start of what the leader sent is in our snapshot already (committed): skip it.
            int skip = _snapshotIndex - prevIndex;
            if (skip > entries.Length) return new AppendEntriesReply(_term, true, -1, -1);
            prevTerm = skip == 0 ? prevTerm : entries[skip - 1].Term;
            entries = entries[skip..];
            prevIndex = _snapshotIndex;
        }
        if (prevIndex > LastLogIndex) return new AppendEntriesReply(_term, false, -1, LastLogIndex + 1);
        if (TermAt(prevIndex) != prevTerm)
        {
            int conflictTerm = TermAt(prevIndex);
            int first = prevIndex;
            while (first - 1 > _snapshotIndex && TermAt(first - 1) == conflictTerm) first--;
            return new AppendEntriesReply(_term, false, conflictTerm, first);
        }

        bool changed = false;
        if (Has(RaftFlaw.TruncatesWithoutConflict) && LastLogIndex > prevIndex)
        {
            _log.RemoveRange(prevIndex + 1 - _snapshotIndex, LastLogIndex - prevIndex);
            changed = true;
        }
        for (int i = 0; i < entries.Length; i++)
        {
            int index = prevIndex + 1 + i;
            if (index <= LastLogIndex)
            {
                if (TermAt(index) == entries[i].Term) continue;
                _log.RemoveRange(index - _snapshotIndex, LastLogIndex - index + 1);
            }
            _log.AddRange(entries[i..]);
            changed = true;
            break;
        }
        if (changed) Persist();
        int lastNew = prevIndex + entries.Length;
        if (args.LeaderCommit > _commitIndex)
        {
            int commit = Has(RaftFlaw.CommitsBeyondTheEntriesSent) ? Math.Min(args.LeaderCommit, LastLogIndex) : Math.Min(args.LeaderCommit, lastNew);
            if (commit > _commitIndex)
            {
                _commitIndex = commit;
                KickApplier();
            }
        }
        return new AppendEntriesReply(_term, true, -1, -1);
    }

    /// <summary>The InstallSnapshot handler.</summary>
    public InstallSnapshotReply InstallSnapshot(InstallSnapshotArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Term < _term) return new InstallSnapshotReply(_term);
        if (args.Term > _term) BecomeFollower(args.Term);
        _role = RaftRole.Follower;
        ResetElectionTimer();
        if (args.LastIncludedIndex <= _commitIndex) return new InstallSnapshotReply(_term);

        if (args.LastIncludedIndex <= LastLogIndex && TermAt(args.LastIncludedIndex) == args.LastIncludedTerm)
            _log = [new LogEntry(args.LastIncludedTerm, null), .. _log.Skip(args.LastIncludedIndex - _snapshotIndex + 1)];
        else
            _log = [new LogEntry(args.LastIncludedTerm, null)];
        _snapshotIndex = args.LastIncludedIndex;
        _snapshot = args.Data;
        _commitIndex = args.LastIncludedIndex;
        Persist(withSnapshot: true);
        _snapshotToApply = true;
        KickApplier();
        return new InstallSnapshotReply(_term);
    }

    private void BecomeFollower(int term)
    {
        _term = term;
        if (!Has(RaftFlaw.KeepsVotedForInANewTerm)) _votedFor = -1;
        _role = RaftRole.Follower;
        Persist();
    }

    private void ResetElectionTimer() =>
        _electionDeadline = _runtime.Time.GetUtcNow()
            + TimeSpan.FromMilliseconds(ElectionTimeoutMinMs + (Has(RaftFlaw.ElectionTimeoutNotRandomized) ? 0 : _runtime.Random.Next(ElectionTimeoutSpreadMs)));

    private async Task Ticker()
    {
        while (true)
        {
            var now = _runtime.Time.GetUtcNow();
            if (_role != RaftRole.Leader && now >= _electionDeadline)
            {
                StartElection();
                continue;
            }
            var wait = _role == RaftRole.Leader ? HeartbeatInterval : _electionDeadline - now;
            await _runtime.Delay(wait);
        }
    }

    private void StartElection()
    {
        _term++;
        _role = RaftRole.Candidate;
        _votedFor = _me;
        Persist();
        ResetElectionTimer();
        int term = _term;
        int votes = 1;
        var args = new RequestVoteArgs(term, _me, LastLogIndex, LastLogTerm);
        for (int peer = 0; peer < _peers.Count; peer++)
        {
            if (peer == _me) continue;
            var end = _peers[peer];
            _runtime.Go(async () =>
            {
                var (ok, reply) = await end.Call<RequestVoteReply>("Raft.RequestVote", args);
                if (!ok || reply is null) return;
                if (reply.Term > _term)
                {
                    BecomeFollower(reply.Term);
                    return;
                }
                if (_role != RaftRole.Candidate || _term != term || !reply.VoteGranted) return;
                if (++votes >= Majority) BecomeLeader();
            }, "request vote");
        }
        if (_peers.Count == 1) BecomeLeader();
    }

    private void BecomeLeader()
    {
        _role = RaftRole.Leader;
        _nextIndex = [.. Enumerable.Repeat(LastLogIndex + 1, _peers.Count)];
        _matchIndex = new int[_peers.Count];
        _matchIndex[_me] = LastLogIndex;
        int term = _term;
        _runtime.Go(async () =>
        {
            var interval = Has(RaftFlaw.HeartbeatsTooOften) ? TimeSpan.FromMilliseconds(20) : HeartbeatInterval;
            while (_role == RaftRole.Leader && _term == term)
            {
                Broadcast(term);
                await _runtime.Delay(interval);
            }
        }, "heartbeats");
    }

    private void KickReplication()
    {
        if (_replicationKicked) return;
        _replicationKicked = true;
        int term = _term;
        _runtime.Go(async () =>
        {
            await _runtime.Delay(TimeSpan.FromMilliseconds(2));
            _replicationKicked = false;
            if (_role == RaftRole.Leader && _term == term) Broadcast(term);
        }, "replicate");
    }

    private void Broadcast(int term)
    {
        for (int peer = 0; peer < _peers.Count; peer++)
        {
            if (peer == _me) continue;
            int p = peer;
            _runtime.Go(() => Replicate(p, term), "append entries");
        }
    }

    private async Task Replicate(int peer, int term)
    {
        if (_role != RaftRole.Leader || _term != term) return;
        int next = _nextIndex[peer];
        if (next <= _snapshotIndex)
        {
            await SendSnapshot(peer, term);
            return;
        }
        int prevIndex = next - 1;
        var args = new AppendEntriesArgs(term, _me, prevIndex, TermAt(prevIndex), [.. _log.Skip(next - _snapshotIndex)], _commitIndex);
        var (ok, reply) = await _peers[peer].Call<AppendEntriesReply>("Raft.AppendEntries", args);
        if (!ok || reply is null) return;
        if (reply.Term > _term && !Has(RaftFlaw.IgnoresHigherTermInReplies))
        {
            BecomeFollower(reply.Term);
            return;
        }
        if (_role != RaftRole.Leader) return;
        if (_term != term && !Has(RaftFlaw.ProcessesStaleReplies)) return;
        if (reply.Success)
        {
            int match = prevIndex + args.Entries.Length;
            if (match > _matchIndex[peer]) _matchIndex[peer] = match;
            if (match + 1 > _nextIndex[peer]) _nextIndex[peer] = match + 1;
            AdvanceCommit();
            return;
        }
        if (reply.Term > term) return;
        if (Has(RaftFlaw.BacksOffOneAtATime))
        {
            if (_nextIndex[peer] == next) _nextIndex[peer] = Math.Max(1, next - 1);
            return;
        }
        int backTo;
        if (reply.ConflictTerm == -1)
        {
            backTo = reply.ConflictIndex;
        }
        else
        {
            int last = -1;
            for (int i = LastLogIndex; i > _snapshotIndex; i--)
            {
                int t = TermAt(i);
                if (t == reply.ConflictTerm)
                {
                    last = i;
                    break;
                }
                if (t < reply.ConflictTerm) break;
            }
            backTo = last >= 0 ? last + 1 : reply.ConflictIndex;
        }
        if (_nextIndex[peer] == next)
        {
            _nextIndex[peer] = Math.Clamp(backTo, 1, next);
            _runtime.Go(() => Replicate(peer, term), "append entries");
        }
    }

    private async Task SendSnapshot(int peer, int term)
    {
        var args = new InstallSnapshotArgs(term, _me, _snapshotIndex, _log[0].Term, _snapshot);
        var (ok, reply) = await _peers[peer].Call<InstallSnapshotReply>("Raft.InstallSnapshot", args);
        if (!ok || reply is null) return;
        if (reply.Term > _term && !Has(RaftFlaw.IgnoresHigherTermInReplies))
        {
            BecomeFollower(reply.Term);
            return;
        }
        if (_role != RaftRole.Leader || _term != term) return;
        if (args.LastIncludedIndex > _matchIndex[peer]) _matchIndex[peer] = args.LastIncludedIndex;
        if (args.LastIncludedIndex + 1 > _nextIndex[peer]) _nextIndex[peer] = args.LastIncludedIndex + 1;
        AdvanceCommit();
    }

    private void AdvanceCommit()
    {
        for (int n = LastLogIndex; n > _commitIndex && n > _snapshotIndex; n--)
        {
            if (TermAt(n) != _term && !Has(RaftFlaw.CommitsOldTermByCounting)) break;
            int count = 0;
            foreach (int match in _matchIndex)
                if (match >= n) count++;
            if (count < Majority) continue;
            _commitIndex = n;
            KickApplier();
            return;
        }
    }

    private void KickApplier()
    {
        if (_applying) return;
        _applying = true;
        _runtime.Go(Apply, "applier");
    }

    private async Task Apply()
    {
        while (true)
        {
            ApplyMsg message;
            if (_snapshotToApply)
            {
                _snapshotToApply = false;
                message = ApplyMsg.ForSnapshot(_snapshot, _log[0].Term, _snapshotIndex);
                // The flaw: lastApplied lands one short of the snapshot, so the snapshot's last entry is applied again.
                _lastApplied = Has(RaftFlaw.ReappliesAfterSnapshot) ? _snapshotIndex - 1 : Math.Max(_lastApplied, _snapshotIndex);
            }
            else if (_lastApplied < _commitIndex && _lastApplied + 1 > _snapshotIndex)
            {
                _lastApplied++;
                message = ApplyMsg.ForCommand(CommandAt(_lastApplied), _lastApplied);
            }
            else if (_lastApplied < _commitIndex && Has(RaftFlaw.ReappliesAfterSnapshot) && _lastApplied + 1 == _snapshotIndex)
            {
                _lastApplied++;
                message = ApplyMsg.ForCommand(null, _lastApplied);
            }
            else
            {
                break;
            }
            await _applyCh.WriteAsync(message);
        }
        _applying = false;
    }

    private void Persist(bool withSnapshot = false)
    {
        int votedFor = Has(RaftFlaw.VotedForNotPersisted) ? -1 : _votedFor;
        LogEntry[] entries = Has(RaftFlaw.LogNotPersisted) ? [] : [.. _log.Skip(1)];
        int snapshotIndex = Has(RaftFlaw.LogNotPersisted) ? 0 : _snapshotIndex;
        int snapshotTerm = Has(RaftFlaw.LogNotPersisted) ? 0 : _log[0].Term;
        var state = new PersistentState(_term, votedFor, snapshotIndex, snapshotTerm, [.. entries.Select(SavedEntry.Of)]);
        RaftPersistence.Save(_persister, JsonSerializer.SerializeToUtf8Bytes(state), withSnapshot ? _snapshot : null);
    }

    private void Restore()
    {
        var bytes = RaftPersistence.ReadState(_persister);
        if (bytes.Length == 0) return;
        var state = JsonSerializer.Deserialize<PersistentState>(bytes) ?? throw new InvalidOperationException("The saved state is null.");
        _term = state.Term;
        _votedFor = state.VotedFor;
        _snapshotIndex = state.SnapshotIndex;
        _log = [new LogEntry(state.SnapshotTerm, null), .. state.Entries.Select(e => e.ToEntry())];
        _snapshot = RaftPersistence.ReadSnapshot(_persister);
    }
}
