using System.Security.Cryptography;
using System.Text;
using KvService.Grading;
using KvService.Suite;

namespace LabRpc.Tests.Grading;

public sealed class RubricTests
{
    [Test]
    public void TheDefaultRubricCoversEverySuiteGroupButDeterminismTwoFaultMixesAndAnExplorationForAHundredPoints()
    {
        var rubric = Rubric.Default();
        Assert.That(rubric.MaxPoints, Is.EqualTo(100));
        Assert.That(rubric.Groups.Where(g => g.Suite is not null).Select(g => g.Suite), Is.EquivalentTo(new[] { "kvsrv", "memory", "crashes", "duplicates" }));
        Assert.That(rubric.Groups.Count(g => g.Scenarios is not null), Is.EqualTo(2));
        Assert.That(rubric.Tests().Count(t => t.Kind == GradeTestKind.Explore), Is.EqualTo(1));
        Assert.That(rubric.Tests().Count(t => t.Kind == GradeTestKind.Suite), Is.EqualTo(KvSuiteTests.All.Count(t => t.Group != KvSuiteTests.Determinism)));
        Assert.That(rubric.Tests().Any(t => t.Hidden), Is.False, "the default rubric's seeds are all public");
    }

    [Test]
    public void TheShippedFileIsTheEmbeddedDefault()
    {
        string file = Path.Combine(AppContext.BaseDirectory, Rubric.DefaultFileName);
        Assert.That(Rubric.Load(file).Hash, Is.EqualTo(Rubric.Default().Hash));
    }

    [Test]
    public void TheHashIsTheFilesSha256()
    {
        byte[] bytes = File.ReadAllBytes(GradingPaths.Rubric);
        Assert.That(Rubric.Load(GradingPaths.Rubric).Hash, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))));
    }

    [Test]
    public void HiddenSeedsMakeHiddenTestsThatDoNotNameTheirSeed()
    {
        var rubric = Rubric.Load(GradingPaths.Rubric);
        var hidden = rubric.Tests().Where(t => t.Hidden).ToList();
        Assert.That(hidden, Has.Count.EqualTo(1));
        Assert.That(hidden[0].Seed, Is.EqualTo(424242));
        Assert.That(hidden[0].Name, Does.Not.Contain("424242"));
    }

    [TestCase("""{ "groups": [] }""", "has no groups")]
    [TestCase("""{ "groups": [ { "name": "a", "points": 1, "suite": "nope" } ] }""", "names the suite group 'nope'")]
    [TestCase("""{ "groups": [ { "name": "a", "points": 1 } ] }""", "exactly one of")]
    [TestCase("""{ "groups": [ { "name": "a", "points": 1, "scenarios": { "faults": "earthquakes", "seeds": [1] } } ] }""", "not a fault mix")]
    [TestCase("""{ "groups": [ { "name": "a", "points": 1, "scenarios": { "faults": "all" } } ] }""", "has no tests")]
    [TestCase("""{ "groups": [ { "name": "a", "points": 1, "suite": "kvsrv" }, { "name": "a", "points": 1, "suite": "memory" } ] }""", "two groups are named 'a'")]
    [TestCase("""{ "groups": [ { "name": "a", "points": 1, "suite": "kvsrv", "colour": "red" } ] }""", "colour")]
    [TestCase("""{ "groups": [ { "name": "a", "points": 1, "suite": "kvsrv" } ], "limits": { "memoryMiB": 10 } }""", "memoryMiB")]
    [TestCase("""not json""", "is not valid")]
    [TestCase("""{ "groups": [ { "name": "a", "points": 1, "explore": { "clients": 9 } } ] }""", "can be explored")]
    [TestCase("""{ "groups": [ { "name": "a", "points": 1, "suite": "kvsrv", "explore": { } } ] }""", "exactly one of")]
    public void ABadRubricIsRefusedWithTheReason(string json, string reason)
    {
        var error = Assert.Throws<RubricException>(() => Rubric.Parse(Encoding.UTF8.GetBytes(json), "'test.json'"))!;
        Assert.That(error.Message, Does.Contain(reason));
        Assert.That(error.Message, Does.Contain("test.json"));
    }
}
