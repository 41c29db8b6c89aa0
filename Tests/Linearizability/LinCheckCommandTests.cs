using System.CommandLine;
using KvService.Cli;

namespace LabRpc.Tests.Linearizability;

public sealed class LinCheckCommandTests
{
    private DirectoryInfo folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("lincheck-");

    [TearDown]
    public void DeleteFolder() => folder.Delete(recursive: true);

    [TestCase("jepsen/etcd_002.log", LinCheckCommand.Linearizable, "Verdict: linearizable")]
    [TestCase("jepsen/etcd_000.log", LinCheckCommand.NotLinearizable, "Verdict: NOT linearizable")]
    [TestCase("kv/c10-ok.txt", LinCheckCommand.Linearizable, "10 parts")]
    [TestCase("kv/c01-bad.txt", LinCheckCommand.NotLinearizable, "none of these can come next")]
    public void ItPrintsTheVerdictAndWritesThePicture(string file, int code, string expected)
    {
        var (exit, output) = Run(ReferenceHistories.PathOf(file), "--out", Picture());
        Assert.That(exit, Is.EqualTo(code), output);
        Assert.That(output, Does.Contain(expected).And.Contain("checked in"));
        Assert.That(File.ReadAllText(Picture()), Does.StartWith("<!DOCTYPE html>"));
    }

    [Test]
    public void WithoutPartitioningItChecksTheWholeStore()
    {
        var (exit, output) = Run(ReferenceHistories.PathOf("kv/c01-ok.txt"), "--no-partition", "--out", Picture());
        Assert.That(exit, Is.EqualTo(LinCheckCommand.Linearizable), output);
        Assert.That(output, Does.Contain("1 part "));
    }

    [Test]
    public void AnUnreadableLineExitsWithTwoAndItsNumber()
    {
        var history = Path.Combine(folder.FullName, "broken.txt");
        File.WriteAllLines(history, ["{:process 0, :type :invoke, :f :get, :key \"k\", :value nil}", "{:process 0, :type :ok, :f :get, :key \"k\", :value 7 7}"]);
        var (exit, output) = Run(history, "--out", Picture());
        Assert.That(exit, Is.EqualTo(LinCheckCommand.UnknownOrUnreadable));
        Assert.That(output, Does.Contain("line 2:"));
        Assert.That(File.Exists(Picture()), Is.False);
    }

    [Test]
    public void AnEmptyFileOrAMissingOneExitsWithTwo()
    {
        Assert.That(Run(ReferenceHistories.PathOf("jepsen/etcd_095.log"), "--out", Picture()).Exit, Is.EqualTo(LinCheckCommand.UnknownOrUnreadable));
        Assert.That(Run(Path.Combine(folder.FullName, "missing.log"), "--out", Picture()).Exit, Is.EqualTo(LinCheckCommand.UnknownOrUnreadable));
    }

    [Test]
    public void RunningOutOfTimeExitsWithTwo()
    {
        var (exit, output) = Run(ReferenceHistories.PathOf("kv/c10-bad.txt"), "--no-partition", "--timeout", "0s", "--out", Picture());
        Assert.That(exit, Is.EqualTo(LinCheckCommand.UnknownOrUnreadable));
        Assert.That(output, Does.Contain("unknown"));
    }

    [Test]
    public void ABadOptionExitsWithTwo()
    {
        Assert.That(Run(ReferenceHistories.PathOf("kv/c01-ok.txt"), "--timeout", "soon").Exit, Is.EqualTo(LinCheckCommand.UnknownOrUnreadable));
        Assert.That(KvService.Program.Main(["lincheck"]), Is.EqualTo(2));
    }

    [TestCase("30s", 30_000)]
    [TestCase("500ms", 500)]
    [TestCase("2m", 120_000)]
    [TestCase("1.5", 1_500)]
    public void DurationsReadAsPeopleWriteThem(string text, int milliseconds) =>
        Assert.That(LabRpc.Faults.Durations.Parse(text), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));

[Test]
    public void APictureThatCannotBeWrittenIsAnOutputErrorAfterTheVerdict()
    {
        var (exit, output) = Run(ReferenceHistories.PathOf("kv/c01-bad.txt"), "--out", Path.Combine(folder.FullName, "no-such-folder", "x.html"));

        Assert.That(exit, Is.EqualTo(LinCheckCommand.UnknownOrUnreadable));
        Assert.That(output, Does.Contain("Verdict: NOT linearizable").And.Contain("Cannot write the picture to ").And.Not.Contain("cannot read"));
        Assert.That(output.IndexOf("Verdict:", StringComparison.Ordinal), Is.LessThan(output.IndexOf("Cannot write", StringComparison.Ordinal)));
    }

    [Test]
    public void AFolderGivenAsTheHistoryIsSaidToBeAFolder()
    {
        var (exit, output) = Run(folder.FullName, "--out", Picture());

        Assert.That(exit, Is.EqualTo(LinCheckCommand.UnknownOrUnreadable));
        Assert.That(output, Does.StartWith($"{folder.FullName} is a folder, not a history file.").And.Not.Contain("denied"));
    }

    [Test]
    public void WhenNotEvenTheFirstOperationFitsTheCandidatesAreNamed()
    {
        var history = Path.Combine(folder.FullName, "first.txt");
        File.WriteAllLines(history,
        [
            "{:process 0, :type :invoke, :f :get, :key \"k\", :value nil}",
            "{:process 1, :type :invoke, :f :get, :key \"k\", :value nil}",
            "{:process 0, :type :ok, :f :get, :key \"k\", :value \"x\"}",
            "{:process 1, :type :ok, :f :get, :key \"k\", :value \"y\"}",
        ]);

        var (exit, output) = Run(history, "--out", Picture());

        Assert.That(exit, Is.EqualTo(LinCheckCommand.NotLinearizable), output);
        Assert.That(output, Does.Contain("2 operations, 1 part ").And.Contain("not even the first operation can be linearized; none of these could have gone first:")
            .And.Contain("get(\"k\") → \"x\"  (client 0").And.Contain("get(\"k\") → \"y\"  (client 1"));
        Assert.That(File.ReadAllText(Picture()), Does.Contain("\"rejectedNext\":[0,1]"));
    }

        private string Picture() => Path.Combine(folder.FullName, "picture.html");

    private static (int Exit, string Output) Run(params string[] args)
    {
        var root = new RootCommand { LinCheckCommand.Create() };
        var output = new StringWriter();
        var parse = root.Parse(["lincheck", .. args]);
        var exit = parse.Invoke(new InvocationConfiguration { Output = output, Error = output });
        return (parse.Errors.Count > 0 ? 2 : exit, output.ToString());
    }
}
