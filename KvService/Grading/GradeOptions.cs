namespace KvService.Grading;

/// <summary>How a class is graded: where the submissions are, where results go, which part of the class, and how.</summary>
public sealed record GradeOptions
{
    /// <summary>The submissions folder (one subfolder per student), or one submission's folder.</summary>
    public required string Submissions { get; init; }

    /// <summary>Where results go: one folder per student, and the class's files.</summary>
    public required string Output { get; init; }

    /// <summary>This grader's part of the class (<c>--shard i/N</c>): submissions whose index in name order is <see cref="Shard"/> modulo <see cref="Shards"/>.</summary>
    public int Shard { get; init; }

    /// <summary>How many parts the class is split into.</summary>
    public int Shards { get; init; } = 1;

    /// <summary>Skip a submission whose earlier result has the same content hash, rubric hash and harness.</summary>
    public bool Resume { get; init; }

    /// <summary>Run workers in bubblewrap (the grader refuses to grade without it unless this is off: <c>--no-sandbox</c>).</summary>
    public bool UseBubblewrap { get; init; } = true;

    /// <summary>Grade a submission of built assemblies (<c>.dll</c> files, no source) as it is (<c>--trust-assemblies</c>):
    /// its code cannot be checked against the allowlist, so by default it is refused.</summary>
    public bool TrustAssemblies { get; init; }

    /// <summary>Check each submission's compiled code against the allowlist before it runs. Off only in the tests that show
    /// what the sandbox holds by itself.</summary>
    internal bool CheckCode { get; init; } = true;

    /// <summary>Submissions graded at once.</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Where submissions are built (default: <c>.work/build</c> under <see cref="Output"/>); a project built there before
    /// from the same files is not built again.</summary>
    public string? BuildFolder { get; init; }

    /// <summary>The harness assembly workers run (this process's, unless a test says otherwise).</summary>
    public string HarnessDll { get; init; } = typeof(GradeOptions).Assembly.Location;
}
