namespace KvService.Grading;

/// <summary>What a nondeterministic submission loses.</summary>
public enum NondeterminismPenalty
{
    /// <summary>Every point: a grade that cannot be reproduced is not given.</summary>
    Zero,

    /// <summary><see cref="NondeterminismPolicy.Deduct"/> points.</summary>
    Deduct,

    /// <summary>Nothing; the report still says so.</summary>
    Report,
}
