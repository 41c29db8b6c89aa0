namespace KvService.Grading;

/// <summary>Where one submission's grading time went, in seconds of wall time: compiling and checking its code, its
/// tests (workers included), and the determinism re-run. For the instructor and the grading benchmark; never compared
/// by <c>--verify</c>.</summary>
public sealed record GradeTimings(double Build, double Tests, double Rerun);
