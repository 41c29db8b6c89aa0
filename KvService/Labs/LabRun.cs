namespace KvService.Labs;

/// <summary>How much a run keeps besides its verdict. The run itself (its trace hash) is the same in every mode.</summary>
public enum LabRun
{
    /// <summary>The lab's run options as they were given (a sweep's runs).</summary>
    AsGiven,

    /// <summary>Nothing beyond the verdict: no log, no linearizations, no step recording (a repeat, a shrink candidate).</summary>
    Plain,

    /// <summary>Everything for the artifacts: the log, the message diagram and the linearizations for the picture.</summary>
    Diagnostic,
}
