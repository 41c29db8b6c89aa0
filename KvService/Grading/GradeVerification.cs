namespace KvService.Grading;

/// <summary>Compares two gradings of the same class: scores, statuses, hashes, and every test's outcome and trace hashes
/// (of a submission found nondeterministic both times, only its grade). Wall times and output are not compared.</summary>
public static class GradeVerification
{
    /// <summary>Every difference between <paramref name="earlier"/> and <paramref name="now"/>, in words; empty if none.</summary>
    public static IReadOnlyList<string> Compare(IReadOnlyList<SubmissionResult> earlier, IReadOnlyList<SubmissionResult> now)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(now);
        var differences = new List<string>();
        var before = earlier.ToDictionary(r => r.Student, StringComparer.Ordinal);
        var after = now.ToDictionary(r => r.Student, StringComparer.Ordinal);
        foreach (string student in before.Keys.Except(after.Keys)) differences.Add($"{student}: graded before, missing now");
        foreach (string student in after.Keys.Except(before.Keys)) differences.Add($"{student}: not graded before");
        foreach (string student in before.Keys.Intersect(after.Keys).Order(StringComparer.Ordinal))
        {
            var (a, b) = (before[student], after[student]);
            void Check(string what, object x, object y)
            {
                if (!Equals(x, y)) differences.Add($"{student}: {what} {x} before, {y} now");
            }
            Check("harness", a.Harness, b.Harness);
            Check("rubric hash", a.RubricHash, b.RubricHash);
            Check("submission hash", a.SubmissionHash, b.SubmissionHash);
            Check("score", a.Score, b.Score);
            Check("status", a.Status, b.Status);
            Check("nondeterministic", a.Nondeterministic, b.Nondeterministic);
            // Code marked nondeterministic both times cannot be expected to run the same: its grade must be the same, not its runs.
            if (a.Nondeterministic && b.Nondeterministic) continue;
            var tests = b.Tests.ToDictionary(t => t.Id, StringComparer.Ordinal);
            foreach (var t in a.Tests)
            {
                if (!tests.TryGetValue(t.Id, out var u))
                {
                    differences.Add($"{student}: test '{t.Id}' is missing now");
                    continue;
                }
                if (t.Outcome != u.Outcome) differences.Add($"{student}: test '{t.Id}' {t.Outcome} before, {u.Outcome} now");
                if (!t.TraceHashes.SequenceEqual(u.TraceHashes)) differences.Add($"{student}: test '{t.Id}' ran differently (trace hashes differ)");
            }
        }
        return differences;
    }
}
