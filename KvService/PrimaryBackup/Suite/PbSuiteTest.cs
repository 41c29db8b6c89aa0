using KvService.Contract.PrimaryBackup;

namespace KvService.PrimaryBackup.Suite;

/// <summary>
/// One test of the PB suite: a check of <paramref name="Group"/> named <paramref name="Name"/>, run with
/// <paramref name="Seed"/> unless another seed is given. <paramref name="Run"/> throws on the first violation and
/// returns the check's <c>... Passed</c> line; it writes its progress to the writer it gets.
/// </summary>
public sealed record PbSuiteTest(string Group, string Name, ulong Seed, Func<IPbImplementation, ulong, TextWriter, string> Run)
{
    /// <summary>The group and name: <c>viewservice/FirstPrimary</c>.</summary>
    public string Id => $"{Group}/{Name}";

    /// <inheritdoc/>
    public override string ToString() => Id;
}
