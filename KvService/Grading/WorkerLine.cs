namespace KvService.Grading;

/// <summary>One line a worker writes to its standard output: a test starts, a test's result, or the submission cannot be
/// run at all.</summary>
public sealed record WorkerLine
{
    /// <summary>The id of the test that starts now.</summary>
    public string? Start { get; init; }

    /// <summary>A finished test.</summary>
    public TestResult? Result { get; init; }

    /// <summary>Why no test can run (the assembly does not load, its implementation cannot be made).</summary>
    public string? Error { get; init; }
}
