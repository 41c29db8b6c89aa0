using System.Globalization;

namespace LabRpc.Raft.Tester;

/// <summary>
/// Raft's safety properties (Figure 3 of the extended paper), checked as the run goes: at every message a peer sends,
/// every request it executes and every command it applies. On every implementation: Election Safety (at most one leader
/// per term) and State Machine Safety (no two peers apply different commands at one index; the tester's apply checker).
/// Through <see cref="IRaftInspection"/>, also Log Matching, Leader Append-Only and Leader Completeness, and that a
/// committed entry never changes. Checks that read the log look at what may have changed since the last look: the
/// entries past the commit index, newly committed entries, and a new leader's whole log once.
/// </summary>
public sealed class RaftInvariants
{
    /// <summary>At most one leader per term.</summary>
    public const string ElectionSafety = "Election Safety";

    /// <summary>Entries with one index and term hold one command and follow one history.</summary>
    public const string LogMatching = "Log Matching";

    /// <summary>A leader never overwrites or deletes entries of its log.</summary>
    public const string LeaderAppendOnly = "Leader Append-Only";

    /// <summary>A leader's log holds every entry committed before its term.</summary>
    public const string LeaderCompleteness = "Leader Completeness";

    /// <summary>A peer's commit index lies within its log: a committed entry is never discarded.</summary>
    public const string CommitWithinLog = "Commit Index Within Log";

    /// <summary>No two peers apply (or commit) different commands at one index.</summary>
    public const string StateMachineSafety = "State Machine Safety";

    private readonly Dictionary<int, int> _leaderOfTerm = [];
    private readonly Dictionary<(int Index, int Term), (object? Command, int PrevTerm)> _entries = [];
    private readonly List<(int Term, object? Command, int Peer)> _committed = [(0, null, -1)];
    private readonly PeerView[] _views;

    /// <summary>Invariants over <paramref name="peers"/> peers.</summary>
    public RaftInvariants(int peers)
    {
        _views = new PeerView[peers];
        for (int i = 0; i < peers; i++) _views[i] = new PeerView();
    }

    /// <summary>Checks made so far.</summary>
    public long Checks { get; private set; }

    /// <summary>The highest index some peer has reported committed.</summary>
    public int CommittedIndex => _committed.Count - 1;

    /// <summary>Forgets what peer <paramref name="peer"/> showed before (it restarted: its volatile state is new).</summary>
    public void Restarted(int peer) => _views[peer] = new PeerView();

    /// <summary>Checks peer <paramref name="peer"/> as it is now. Returns the violation, or null.</summary>
    public RaftInvariantException? Check(int peer, IRaft raft, IRaftInspection? inspection)
    {
        Checks++;
        var view = _views[peer];
        if (inspection is null)
        {
            var state = raft.GetState();
            return state.IsLeader ? Leader(peer, state.Term) : null;
        }
        int term = inspection.CurrentTerm;
        bool leader = inspection.IsLeader;
        int snapshot = inspection.SnapshotIndex;
        int last = inspection.LastLogIndex;
        int commit = inspection.CommitIndex;
        if (leader && Leader(peer, term) is { } twoLeaders) return twoLeaders;
        if (last < snapshot || commit > last)
            return new RaftInvariantException(CommitWithinLog,
                $"peer {peer} reports snapshot index {snapshot}, last log index {last} and commit index {commit}: the commit index " +
                "must lie within the log, and the log must reach at least the snapshot");

        // Leader Append-Only: while leader of one term, the log only grows and its old last entry stays.
        if (leader && view.LeaderTerm == term)
        {
            if (last < view.LeaderLast || (view.LeaderLast > snapshot && inspection.TermAt(view.LeaderLast) != view.LeaderLastTerm))
                return new RaftInvariantException(LeaderAppendOnly,
                    $"peer {peer}, leader of term {term}, had its last entry at index {view.LeaderLast} (term {view.LeaderLastTerm}); now its log ends at " +
                    $"{last}{(last >= view.LeaderLast && view.LeaderLast > snapshot ? $" and index {view.LeaderLast} has term {inspection.TermAt(view.LeaderLast)}" : "")}");
        }
        else if (leader)
        {
            // A new leader: Leader Completeness over everything committed so far.
            for (int index = Math.Max(snapshot + 1, 1); index < _committed.Count; index++)
            {
                var (cterm, command, by) = _committed[index];
                if (index > last || inspection.TermAt(index) != cterm || !Commands.Same(inspection.CommandAt(index), command))
                    return new RaftInvariantException(LeaderCompleteness,
                        $"peer {peer} became leader of term {term}, but its log {(index > last ? $"ends at index {last}" : $"holds term {inspection.TermAt(index)}, command {Commands.Show(inspection.CommandAt(index))} at index {index}")}, " +
                        $"while index {index} was committed (by peer {by}'s account) with term {cterm}, command {Commands.Show(command)}");
            }
        }
        if (leader)
        {
            view.LeaderTerm = term;
            view.LeaderLast = last;
            view.LeaderLastTerm = last > snapshot ? inspection.TermAt(last) : -1;
        }

        // Newly committed entries: the same at every peer that commits them.
        for (int index = Math.Max(view.Commit + 1, snapshot + 1); index <= commit; index++)
        {
            int eterm = inspection.TermAt(index);
            object? command = Commands.Normalize(inspection.CommandAt(index));
            if (index < _committed.Count)
            {
                var (cterm, ccommand, by) = _committed[index];
                if (cterm != eterm || !Commands.Same(command, ccommand))
                    return new RaftInvariantException(StateMachineSafety,
                        $"peer {peer} committed index {index} with term {eterm}, command {Commands.Show(command)}; peer {by} had committed it with term {cterm}, command {Commands.Show(ccommand)}");
            }
            else if (index == _committed.Count)
            {
                _committed.Add((eterm, command, peer));
            }
        }
        if (commit > view.Commit) view.Commit = commit;

        // Log Matching over the entries that may still change (past the commit index).
        for (int index = Math.Max(commit, snapshot) + 1; index <= last; index++)
        {
            int eterm = inspection.TermAt(index);
            object? command = Commands.Normalize(inspection.CommandAt(index));
            int prevTerm = inspection.TermAt(index - 1);
            if (_entries.TryGetValue((index, eterm), out var seen))
            {
                if (seen.PrevTerm != prevTerm || !Commands.Same(seen.Command, command))
                    return new RaftInvariantException(LogMatching,
                        $"peer {peer} holds at index {index}, term {eterm} the command {Commands.Show(command)} after an entry of term {prevTerm}; " +
                        $"another log held at that index and term the command {Commands.Show(seen.Command)} after an entry of term {seen.PrevTerm}");
            }
            else
            {
                _entries[(index, eterm)] = (command, prevTerm);
            }
        }
        return null;
    }

    /// <summary>Checks that the command peer <paramref name="peer"/> applies at <paramref name="index"/> agrees with what
    /// other peers applied there (<paramref name="applied"/>: each peer's applied commands). Returns the violation, or null.</summary>
    public static RaftInvariantException? CheckApplied(int peer, int index, object? command, IReadOnlyList<Dictionary<int, object?>> applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        for (int j = 0; j < applied.Count; j++)
        {
            if (applied[j].TryGetValue(index, out var other) && !Commands.Same(other, command))
                return new RaftInvariantException(StateMachineSafety, string.Format(CultureInfo.InvariantCulture,
                    "commit index={0} server={1} {2} != server={3} {4}", index, peer, Commands.Show(command), j, Commands.Show(other)));
        }
        return null;
    }

    private RaftInvariantException? Leader(int peer, int term)
    {
        if (_leaderOfTerm.TryGetValue(term, out int other) && other != peer)
            return new RaftInvariantException(ElectionSafety, $"term {term} has two leaders: peer {other} and peer {peer}");
        _leaderOfTerm[term] = peer;
        return null;
    }

    private sealed class PeerView
    {
        public int Commit { get; set; }

        public int LeaderTerm { get; set; } = -1;

        public int LeaderLast { get; set; }

        public int LeaderLastTerm { get; set; }
    }
}
