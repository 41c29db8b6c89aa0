namespace KvService.Grading;

/// <summary>What a worker process runs: the tests, in order, against the implementation in one assembly. It comes on the
/// worker's standard input, so that nothing the submission can read in its folder names a hidden seed.</summary>
public sealed record WorkOrder
{
    /// <summary>The submission's assembly (its one implementation is judged), or a full specification.</summary>
    public required string Implementation { get; init; }

    /// <summary>How replay commands name the implementation for the student.</summary>
    public required string ReplayImplementation { get; init; }

    /// <summary>The tests to run, in order.</summary>
    public required IReadOnlyList<GradeTest> Tests { get; init; }

    /// <summary>Where the worker writes a failure's files before it sends them (one folder per test, in its own scratch).</summary>
    public required string ArtifactsFolder { get; init; }

    /// <summary>Starts every line the worker writes to the grader: a line without it is not the worker's (output that
    /// slipped past the capture) and is ignored.</summary>
    public required string Nonce { get; init; }

    /// <summary>The submission's console output kept per test, in characters.</summary>
    public int OutputChars { get; init; } = 16 * 1024;

    /// <summary>The scenario runs' heap budget in bytes (below the process's hard limit, so that the budget says it first).</summary>
    public long MaxManagedMemory { get; init; } = 2L << 30;
}
