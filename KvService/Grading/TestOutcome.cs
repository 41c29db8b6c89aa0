namespace KvService.Grading;

/// <summary>How a graded test ended. Only <see cref="Passed"/> earns points.</summary>
public enum TestOutcome
{
    /// <summary>The whole test ran and nothing was wrong.</summary>
    Passed,

    /// <summary>The test found a violation, or the implementation failed (threw, escaped, deadlocked, blocked).</summary>
    Failed,

    /// <summary>Nothing was found wrong, but the checker could not decide: not a pass.</summary>
    Unknown,

    /// <summary>The worker process died during the test (an exit, a stack overflow, a native fault, out of memory).</summary>
    Crashed,

    /// <summary>The test was still running when its group's or the submission's time ran out.</summary>
    TimedOut,

    /// <summary>The test did not run: the submission did not build, or an earlier test used up the time.</summary>
    NotRun,
}
