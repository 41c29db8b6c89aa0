namespace KvService.Grading;

/// <summary>The limits a submission runs under. Wall time is real time on the grading machine.</summary>
public sealed record RubricLimits
{
    /// <summary>How long building the whole class may take, in seconds.</summary>
    public double BuildSeconds { get; init; } = 600;

    /// <summary>How long one group of one submission may take, in seconds; a test still running then counts as timed out.</summary>
    public double GroupSeconds { get; init; } = 180;

    /// <summary>How long one submission may take in all, in seconds.</summary>
    public double SubmissionSeconds { get; init; } = 900;

    /// <summary>The worker's heap limit (the GC's hard limit), in MiB; the OS limit on its data is this plus 1 GiB.</summary>
    public int MemoryMiB { get; init; } = 3072;

    /// <summary>How much of a submission's own console output is kept per test, in KiB.</summary>
    public int OutputKiB { get; init; } = 16;

    internal void Validate(string where)
    {
        if (BuildSeconds <= 0 || GroupSeconds <= 0 || SubmissionSeconds <= 0) throw new RubricException($"{where}: time limits must be positive.");
        if (MemoryMiB < 256) throw new RubricException($"{where}: \"memoryMiB\" must be at least 256 (got {MemoryMiB}).");
        if (OutputKiB < 1) throw new RubricException($"{where}: \"outputKiB\" must be at least 1.");
    }
}
