namespace KvService.Grading;

/// <summary>One line a worker writes to its standard output, after the work order's nonce and a space: a test starts, a
/// test's result, one file of a failure's counterexample, or the submission cannot be run at all. The grader reads only
/// what it expects next, and takes nothing from a line as a path.</summary>
public sealed record WorkerLine
{
    /// <summary>The id of the test that starts now.</summary>
    public string? Start { get; init; }

    /// <summary>A finished test.</summary>
    public TestResult? Result { get; init; }

    /// <summary>A file of the counterexample of the test that started last, before its result.</summary>
    public WorkerFile? File { get; init; }

    /// <summary>Why no test can run (the assembly does not load, its implementation cannot be made).</summary>
    public string? Error { get; init; }
}
