using KvService.Contract;
using KvService.Harness;
using KvService.Reference;
using LabRpc.Tests.Kv.Broken;

namespace LabRpc.Tests.Kv;

public sealed class KvImplementationsTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void NothingMeansTheEnvironmentsImplementationElseTheReference(string? spec)
    {
        // With LABRPC_KV_IMPL set (as students run the suite), nothing means what it names; unset, the reference.
        string? fromEnvironment = Environment.GetEnvironmentVariable(KvImplementations.EnvironmentVariable);
        var expected = string.IsNullOrWhiteSpace(fromEnvironment) ? typeof(ReferenceKv) : KvImplementations.Resolve(fromEnvironment).GetType();
        Assert.That(KvImplementations.Resolve(spec), Is.InstanceOf(expected));
    }

    [TestCase("reference")]
    [TestCase(" Reference ")]
    public void ReferenceMeansTheReferenceImplementationWhateverTheEnvironmentSays(string spec) =>
        Assert.That(KvImplementations.Resolve(spec), Is.InstanceOf<ReferenceKv>());

    [TestCase("LabRpc.Tests.Kv.Broken.NoDuplicateDetectionKv")]
    [TestCase("NoDuplicateDetectionKv")]
    public void ALoadedTypeIsFoundByItsFullOrShortName(string spec) =>
        Assert.That(KvImplementations.Resolve(spec), Is.InstanceOf<NoDuplicateDetectionKv>());

    [Test]
    public void AnAssemblyFileAndTypeAreLoaded()
    {
        string path = typeof(NoDuplicateDetectionKv).Assembly.Location;
        Assert.That(KvImplementations.Resolve($"{path}:{typeof(NoDuplicateDetectionKv).FullName}"), Is.InstanceOf<NoDuplicateDetectionKv>());
    }

    [Test]
    public void AMissingFileIsNamed() =>
        Assert.That(() => KvImplementations.Resolve("/no/such/Student.dll:Student.Kv"),
            Throws.TypeOf<KvImplementationException>().With.Message.Contains("/no/such/Student.dll").And.Message.Contains("does not exist"));

    [Test]
    public void AMissingTypeInAnAssemblyListsTheImplementationsThere()
    {
        string path = typeof(NoDuplicateDetectionKv).Assembly.Location;
        Assert.That(() => KvImplementations.Resolve($"{path}:Nope.Kv"),
            Throws.TypeOf<KvImplementationException>().With.Message.Contains("no type 'Nope.Kv'").And.Message.Contains(typeof(NoDuplicateDetectionKv).FullName!));
    }

    [Test]
    public void AnUnknownTypeNameIsReported() =>
        Assert.That(() => KvImplementations.Resolve("Nowhere.StudentKv"),
            Throws.TypeOf<KvImplementationException>().With.Message.Contains("no loaded assembly has a type of that name"));

    [Test]
    public void ATypeThatIsNotAnImplementationIsRejected() =>
        Assert.That(() => KvImplementations.Resolve(typeof(KvImplementationsTests).FullName),
            Throws.TypeOf<KvImplementationException>().With.Message.Contains("does not implement KvService.Contract.IKvImplementation"));

    [Test]
    public void AnImplementationWithoutAParameterlessConstructorIsRejected() =>
        Assert.That(() => KvImplementations.Resolve(typeof(NeedsArguments).FullName),
            Throws.TypeOf<KvImplementationException>().With.Message.Contains("no public parameterless constructor"));

    public sealed class NeedsArguments(int x) : IKvImplementation
    {
        public string Name => $"needs {x}";

        public Server CreateServer(IRuntime runtime, Persister persister) => throw new NotSupportedException();

        public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => throw new NotSupportedException();
    }
}
