using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.PrimaryBackup.Implementations;
using KvService.PrimaryBackup.Reference;
using LabRpc.Tests.PrimaryBackup.Broken;

namespace LabRpc.Tests.PrimaryBackup;

public sealed class PbImplementationsTests
{
    [TestCase(null)]
    [TestCase(" Reference ")]
    public void NothingOrReferenceIsTheReference(string? spec)
    {
        // With LABRPC_PB_IMPL set (as students run the suite), nothing means what it names.
        if (spec is null && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PbImplementations.EnvironmentVariable))) Assert.Ignore("LABRPC_PB_IMPL is set");
        Assert.That(PbImplementations.Resolve(spec), Is.TypeOf<ReferencePb>());
    }

    [Test]
    public void AnAssemblyFileWithSeveralImplementationsAsksForOneByName() =>
        Assert.That(() => PbImplementations.Resolve(typeof(BrokenPb).Assembly.Location),
            Throws.TypeOf<KvImplementationException>().With.Message.Contains("public types that implement IPbImplementation")
                .And.Message.Contains("LabRpc.Tests.PrimaryBackup.Plain.PlainPb").And.Message.Contains("Name one as"));

    [Test]
    public void AStaticPropertyOfAnAssemblyFileNamesAMember() =>
        Assert.That(PbImplementations.Resolve($"{typeof(BrokenPb).Assembly.Location}:{typeof(BrokenPb).FullName}.{nameof(BrokenPb.AcceptsStalePrimary)}"),
            Is.SameAs(BrokenPb.AcceptsStalePrimary));

    [Test]
    public void AMissingAssemblyFileIsNamed() =>
        Assert.That(() => PbImplementations.Resolve("/no/such/Student.dll:Student.Pb"),
            Throws.TypeOf<KvImplementationException>().With.Message.Contains("/no/such/Student.dll").And.Message.Contains("does not exist"));

    [Test]
    public void ATypeThatIsNotAnImplementationIsRejected() =>
        Assert.That(() => PbImplementations.Resolve(typeof(PbImplementationsTests).FullName),
            Throws.TypeOf<KvImplementationException>().With.Message.Contains("does not implement KvService.Contract.PrimaryBackup.IPbImplementation"));

    [Test]
    public void AnImplementationWithoutAParameterlessConstructorIsRejected() =>
        Assert.That(() => PbImplementations.Resolve(typeof(NeedsArguments).FullName),
            Throws.TypeOf<KvImplementationException>().With.Message.Contains("no public parameterless constructor"));

    public sealed class NeedsArguments(int x) : IPbImplementation
    {
        public string Name => $"needs {x}";

        public Server CreateViewServer(IRuntime runtime) => throw new NotSupportedException();

        public Server CreateServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
            throw new NotSupportedException();

        public IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) => throw new NotSupportedException();
    }
}
