namespace KvService.Grading;

/// <summary>
/// The result of one graded test: its outcome and reason, the seed, the trace hash of every run it made (one per
/// cluster the check built, or one per scenario), and for a failure the command that replays it and the files that show it.
/// </summary>
public sealed record TestResult
{
    /// <summary>The test's "group/name".</summary>
    public required string Id { get; init; }

    /// <summary>The rubric group.</summary>
    public required string Group { get; init; }

    /// <summary>The test's name in the group.</summary>
    public required string Name { get; init; }

    /// <summary>How it ended.</summary>
    public required TestOutcome Outcome { get; init; }

    /// <summary>What happened, in words (empty when it passed).</summary>
    public string Reason { get; init; } = "";

    /// <summary>The seed (of a hidden test: shown only in the instructor's results, and with a failure).</summary>
    public ulong Seed { get; init; }

    /// <summary>The seed is hidden from students.</summary>
    public bool Hidden { get; init; }

    /// <summary>Trace hashes of the test's runs, in order, as hex.</summary>
    public IReadOnlyList<string> TraceHashes { get; init; } = [];

    /// <summary>Wall time, in seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>The submission's own console output during the test, capped.</summary>
    public string Output { get; init; } = "";

    /// <summary>A command that replays the failure at home (null when it passed).</summary>
    public string? Replay { get; init; }

    /// <summary>A folder (under the submission's results) with the failure's scenario file and pictures, or null.</summary>
    public string? Artifacts { get; init; }

    /// <summary>The test ran twice and its runs differed.</summary>
    public bool Nondeterministic { get; init; }

    /// <summary>The test stopped because the submission's code blocked or spun on the simulation's thread; that thread may
    /// still be stuck, so the worker is replaced.</summary>
    public bool Blocked { get; init; }

    /// <summary>The points earned.</summary>
    public double Points { get; init; }

    /// <summary>The points possible.</summary>
    public double MaxPoints { get; init; }

    /// <summary>The result of <paramref name="test"/> with <paramref name="outcome"/> and <paramref name="reason"/>; the rest as yet unset.</summary>
    public static TestResult Of(GradeTest test, TestOutcome outcome, string reason = "")
    {
        ArgumentNullException.ThrowIfNull(test);
        return new TestResult
        {
            Id = test.Id,
            Group = test.Group,
            Name = test.Name,
            Seed = test.Seed,
            Hidden = test.Hidden,
            Outcome = outcome,
            Reason = reason,
        };
    }
}
