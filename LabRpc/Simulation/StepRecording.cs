namespace LabRpc;

/// <summary>
/// A compact record of every step of a run (<see cref="SimulationOptions.StepRecording"/>): its number, virtual time and
/// node, what ran, and the trace hash after it. It stores references and numbers (about 48 bytes a step, up to
/// <see cref="MaxSteps"/> steps) and builds
/// the words only when a step is read, so that two runs that should agree can be compared step by step
/// (<see cref="FirstDifference"/>) to find where one went another way.
/// </summary>
/// <remarks>A recording is filled by one simulation at a time; a new simulation given it starts it afresh.</remarks>
public sealed class StepRecording
{
    private const int ChunkSize = 4096;
    private readonly List<Entry[]> _chunks = [];
    private int _count;
    private long _steps;

    /// <summary>A recording of at most <paramref name="maxSteps"/> steps (the first ones; default one million, about 48 MB).</summary>
    public StepRecording(int maxSteps = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSteps);
        MaxSteps = maxSteps;
    }

    /// <summary>How many steps it keeps at most.</summary>
    public int MaxSteps { get; }

    /// <summary>How many steps were recorded.</summary>
    public int Count => _count;

    /// <summary>Whether every step of the run was recorded (false when the run took more than <see cref="MaxSteps"/>).</summary>
    public bool IsComplete => _count == _steps;

    /// <summary>The step at <paramref name="index"/> (0-based: the run's step <paramref name="index"/> + 1).</summary>
    public RecordedStep this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            var e = _chunks[index / ChunkSize][index % ChunkSize];
            return new RecordedStep(e.Step, new TimeSpan(e.Ticks), e.Context.ToString(), e.What, e.Id, e.Hash);
        }
    }

    /// <summary>
    /// The first step at which two recordings differ (what ran, where, when, or the trace hash after it), or null if they
    /// are the same step for step (as far as both were recorded: see <see cref="IsComplete"/>).
    /// </summary>
    public static StepDifference? FirstDifference(StepRecording first, StepRecording second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        int common = Math.Min(first._count, second._count);
        for (int i = 0; i < common; i++)
        {
            ref readonly var a = ref first._chunks[i / ChunkSize][i % ChunkSize];
            ref readonly var b = ref second._chunks[i / ChunkSize][i % ChunkSize];
            if (a.Hash != b.Hash || a.Ticks != b.Ticks || a.Id != b.Id || !Same(a, b)) return new StepDifference(first[i], second[i]);
        }
        if (first._count == second._count || (common == first._count && !first.IsComplete) || (common == second._count && !second.IsComplete)) return null;
        return new StepDifference(common < first._count ? first[common] : null, common < second._count ? second[common] : null);
    }

    internal void Clear()
    {
        _chunks.Clear();
        _count = 0;
        _steps = 0;
    }

    internal void Add(long step, long ticks, NodeContext context, object? what, ulong hash)
    {
        _steps++;
        if (_count >= MaxSteps) return;
        int slot = _count % ChunkSize;
        if (slot == 0) _chunks.Add(new Entry[ChunkSize]);
        object? key = StepDescriptions.StepKey(what, out long id);
        _chunks[^1][slot] = new Entry(step, ticks, context, key, id, hash);
        _count++;
    }

    /// <summary>Same node (by number and incarnation: the two runs have different node objects) and the same code.</summary>
    private static bool Same(in Entry a, in Entry b) =>
        a.Context.Node.Id == b.Context.Node.Id && a.Context.Incarnation == b.Context.Incarnation
        && (Equals(a.What, b.What) || StepDescriptions.DescribeStep(a.What, a.Id) == StepDescriptions.DescribeStep(b.What, b.Id));

    private readonly record struct Entry(long Step, long Ticks, NodeContext Context, object? What, long Id, ulong Hash);
}
