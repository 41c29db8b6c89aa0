using KvService.Contract;
using KvService.Labs;

namespace KvService.Scenarios;

/// <summary>
/// The harness's determinism rule (<see cref="LabDeterminism"/>) for the KV lab: runs a scenario a second time and
/// compares the trace hashes; when they differ, two more runs record every step and the verdict gains a
/// <see cref="ViolationKind.Nondeterministic"/> violation that names the first step where they went different ways.
/// </summary>
public static class DeterminismCheck
{
    /// <summary>Runs <paramref name="first"/>'s scenario again; returns <paramref name="first"/> if the trace hashes agree, else
    /// <paramref name="first"/> with a <see cref="ViolationKind.Nondeterministic"/> violation added.</summary>
    public static Verdict Repeat(Verdict first, IKvImplementation implementation, RunOptions options) =>
        LabDeterminism.Repeat(new KvLab(implementation, options), first);

    /// <summary>The report of a nondeterministic <paramref name="failure"/> after its scenario was shrunk and run again as
    /// <paramref name="verdict"/> (see <see cref="LabDeterminism.Carry"/>).</summary>
    public static Verdict Carry(Verdict failure, Verdict verdict, IKvImplementation implementation, RunOptions options) =>
        LabDeterminism.Carry(new KvLab(implementation, options), failure, verdict);

    /// <summary>Whether <paramref name="verdict"/> is worth a second run (see <see cref="LabDeterminism.IsRepeatable"/>).</summary>
    public static bool IsRepeatable(Verdict verdict) => LabDeterminism.IsRepeatable(verdict);

    /// <summary>Whether <paramref name="verdict"/> says its scenario does not replay the same.</summary>
    public static bool IsNondeterministic(Verdict verdict) => LabDeterminism.IsNondeterministic(verdict);
}
