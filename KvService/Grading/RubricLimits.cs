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

    /// <summary>How many tasks (processes and threads) a worker may have at once; the runtime itself needs a few dozen.</summary>
    public int Tasks { get; init; } = 256;

    /// <summary>The worker's scratch space (a tmpfs in the sandbox) and the largest file it may write, in MiB.</summary>
    public int ScratchMiB { get; init; } = 256;

    internal void Validate(string where)
    {
        if (BuildSeconds <= 0 || GroupSeconds <= 0 || SubmissionSeconds <= 0) throw new RubricException($"{where}: time limits must be positive.");
        if (MemoryMiB < 256) throw new RubricException($"{where}: \"memoryMiB\" must be at least 256 (got {MemoryMiB}).");
        if (OutputKiB < 1) throw new RubricException($"{where}: \"outputKiB\" must be at least 1.");
        if (Tasks < 64) throw new RubricException($"{where}: \"tasks\" must be at least 64 (the runtime alone starts a few dozen threads; got {Tasks}).");
        if (ScratchMiB < 16) throw new RubricException($"{where}: \"scratchMiB\" must be at least 16 (got {ScratchMiB}).");
    }
}
