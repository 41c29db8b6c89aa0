namespace LabRpc.Exploration;

/// <summary>
/// Choices from a script: the option to take at each branching point in turn, then the default (option 0: the first
/// ready node or task, no fault) once the script runs out. It records every branching point it meets (<see cref="Trace"/>),
/// which is how <see cref="Explorer"/> learns the tree of a run, and how a failing run is replayed: the same script, the
/// same run. Delays are fixed (a request arrives at once; a call that cannot reach a server fails after half the network's
/// longest wait; a held reply waits 200 ms), except that a duplicate's copy arrives either at once or as late as the network
/// allows, a choice of its own. One chooser serves one run at a time; <see cref="Reset"/> readies it for the next.
/// </summary>
public sealed class ScriptedChooser : IChooser
{
    private readonly List<ChoicePoint> _trace = [];
    private int[] _nodeFirst = new int[8];
    private IReadOnlyList<int> _script;

    /// <summary>A chooser that follows <paramref name="script"/> (empty: the default run) with <paramref name="reduction"/>.</summary>
    public ScriptedChooser(IReadOnlyList<int>? script = null, Reduction reduction = Reduction.Nodes)
    {
        _script = script ?? [];
        Reduction = reduction;
    }

    /// <summary>How orders of ready tasks are chosen.</summary>
    public Reduction Reduction { get; }

    /// <summary>The script this run follows.</summary>
    public IReadOnlyList<int> Script => _script;

    /// <summary>The branching points met so far in this run, in order.</summary>
    public IReadOnlyList<ChoicePoint> Trace => _trace;

    /// <summary>Whether the script asked for an option a branching point does not have (the run is not the one scripted:
    /// the code changed, or is not deterministic); that point took the default.</summary>
    public bool Mismatch { get; private set; }

    /// <summary>Starts over with <paramref name="script"/>, for a new run.</summary>
    public void Reset(IReadOnlyList<int> script)
    {
        _script = script ?? throw new ArgumentNullException(nameof(script));
        _trace.Clear();
        Mismatch = false;
    }

    /// <inheritdoc/>
    public int NextReady(ReadyItems ready)
    {
        if (Reduction == Reduction.None)
        {
            int alive = 0, firstAlive = -1;
            for (int i = 0; i < ready.Count; i++)
            {
                if (!ready.IsAlive(i)) continue;
                if (firstAlive < 0) firstAlive = i;
                alive++;
            }
            if (alive < 2) return Math.Max(firstAlive, 0);
            int pick = Branch(ChoiceKind.Schedule, alive);
            for (int i = 0; i < ready.Count; i++)
            {
                if (ready.IsAlive(i) && pick-- == 0) return i;
            }
            return firstAlive;
        }

        // Reduction.Nodes: the options are the distinct live nodes, in the order of their first ready item.
        int nodes = 0;
        for (int i = 0; i < ready.Count; i++)
        {
            if (!ready.IsAlive(i)) continue;
            var node = ready.Node(i);
            bool seen = false;
            for (int j = 0; j < nodes && !seen; j++) seen = ReferenceEquals(ready.Node(_nodeFirst[j]), node);
            if (seen) continue;
            if (nodes == _nodeFirst.Length) Array.Resize(ref _nodeFirst, nodes * 2);
            _nodeFirst[nodes++] = i;
        }
        if (nodes == 0) return 0;
        return nodes == 1 ? _nodeFirst[0] : _nodeFirst[Branch(ChoiceKind.Schedule, nodes)];
    }

    /// <inheritdoc/>
    public bool Fault(FaultChoice kind, double probability)
    {
        if (probability <= 0) return false;
        var choice = kind switch
        {
            FaultChoice.DropRequest => ChoiceKind.DropRequest,
            FaultChoice.DropReply => ChoiceKind.DropReply,
            FaultChoice.Duplicate => ChoiceKind.Duplicate,
            FaultChoice.HoldReply => ChoiceKind.HoldReply,
            _ => ChoiceKind.Crash,
        };
        return Branch(choice, 2) == 1;
    }

    /// <inheritdoc/>
    public int Delay(DelayChoice kind, int maxExclusive) => kind switch
    {
        _ when maxExclusive <= 1 => 0,
        DelayChoice.Unreachable => maxExclusive / 2,
        DelayChoice.Copy => Branch(ChoiceKind.CopyLate, 2) == 1 ? maxExclusive - 1 : 0,
        _ => 0,
    };

    /// <inheritdoc/>
    public int Pick(int options) => options <= 1 ? 0 : Branch(ChoiceKind.Pick, options);

    private int Branch(ChoiceKind kind, int options)
    {
        int n = _trace.Count;
        int pick = n < _script.Count ? _script[n] : 0;
        if ((uint)pick >= (uint)options)
        {
            Mismatch = true;
            pick = 0;
        }
        _trace.Add(new ChoicePoint(kind, options, pick));
        return pick;
    }
}
