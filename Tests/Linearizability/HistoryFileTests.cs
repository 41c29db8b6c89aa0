using KvService.Histories;
using KvService.Model;
using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

public sealed class HistoryFileTests
{
    [Test]
    public void JepsenLogsGiveTimedOutReadsAReturnAndInfoAnUnknownOutcome()
    {
        var history = JepsenLogReader.Read(
        [
            "2015-04-13 12:00:00,000 some other log line",
            "INFO  jepsen.util - 0\t:invoke\t:read\tnil",
            "INFO  jepsen.util - 1\t:invoke\t:write\t3",
            "INFO  jepsen.util - 0\t:fail\t:read\t:timed-out",
            "INFO  jepsen.util - 1\t:info\t:write\t:timed-out",
            "INFO  jepsen.util - 2\t:invoke\t:cas\t[3 4]",
            "INFO  jepsen.util - 2\t:fail\t:cas\t[3 4]",
            "INFO  jepsen.util - 3\t:invoke\t:write\t1",
        ]);
        Assert.That(history, Has.Count.EqualTo(4));
        Assert.That(history[0].Output, Is.EqualTo(RegisterOutput.ReadTimedOut));
        Assert.That(history[0].Return, Is.EqualTo(4));
        Assert.That(history[1].IsOutcomeKnown, Is.False, ":info");
        Assert.That(history[2].Output, Is.EqualTo(RegisterOutput.Cas(false)));
        Assert.That(history[3].IsOutcomeKnown, Is.False, "no completion");
    }

    [TestCase("INFO  jepsen.util - 0\t:ok\t:read\t3", 1, "never invoked")]
    [TestCase("INFO  jepsen.util - 0\t:invoke\t:write\tseven", 1, "expected a number")]
    [TestCase("INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:write\t3", 2, "invoked :read")]
    [TestCase("INFO  jepsen.util - 0\t:invoke\t:cas\t[1]", 1, "[from to]")]
    public void JepsenLogErrorsNameTheLine(string text, int line, string message)
    {
        var error = Assert.Throws<HistoryFormatException>(() => JepsenLogReader.Read(text.Split('\n')));
        Assert.That(error.LineNumber, Is.EqualTo(line));
        Assert.That(error.Message, Does.StartWith($"line {line}:").And.Contain(message));
    }

    [Test]
    public void KvHistoriesTakeInfoAndMissingCompletionsAsUnknownAndOldValuesOfAppends()
    {
        var history = KvHistoryReader.Read(
        [
            "; a comment",
            "{:process 0, :type :invoke, :f :append, :key \"k\", :value \"a\"}",
            "{:process 1, :type :invoke, :f :put, :key \"k\", :value \"b\"}",
            "{:process 0, :type :ok, :f :append, :key \"k\", :value \"a\", :old \"\"}",
            "{:process 1, :type :info, :f :put, :key \"k\", :value \"b\"}",
            "{:process 2, :type :invoke, :f :get, :key \"k\", :value nil}",
            "{:process 3, :type :invoke, :f :get, :key \"k\\\"q\", :value nil}",
            "{:process 3, :type :ok, :f :get, :key \"k\\\"q\", :value \"\"}",
        ]);
        Assert.That(history, Has.Count.EqualTo(4));
        Assert.That(history[0].Output, Is.EqualTo(new KvOutput("")));
        Assert.That((history[0].Call, history[0].Return), Is.EqualTo((2L, (long?)4)));
        Assert.That(history[1].IsOutcomeKnown, Is.False, ":info");
        Assert.That(history[2].IsOutcomeKnown, Is.False, "no completion");
        Assert.That(history[3].Input.Key, Is.EqualTo("k\"q"));
    }

    [TestCase("{:process 0, :type :invoke, :f :get, :key \"k\", :value nil}\n{:process 0 :type :ok}", 2, "no :f")]
    [TestCase("\n\n{:process 0, :type :invoke, :f :frob, :key \"k\", :value nil}", 3, "unknown :f")]
    [TestCase("{:process 0, :type :ok, :f :get, :key \"k\", :value \"\"}", 1, "never invoked")]
    [TestCase("{:process 0, :type :invoke, :f :put, :key \"k\", :value \"v}", 1, "not closed")]
    [TestCase("{:process zero, :type :invoke}", 1, "cannot read the value")]
    [TestCase("{:process 0, :type :invoke, :f :put, :key \"k\", :value \"v\", :time 5}\n{:process 0, :type :ok, :f :put, :key \"k\", :value \"v\"}", 2, ":time")]
    public void KvHistoryErrorsNameTheLine(string text, int line, string message)
    {
        var error = Assert.Throws<HistoryFormatException>(() => KvHistoryReader.Read(text.Split('\n')));
        Assert.That(error.LineNumber, Is.EqualTo(line));
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void TheFormatIsToldFromTheContent()
    {
        Assert.That(HistoryFormats.Detect(File.ReadLines(ReferenceHistories.PathOf("jepsen/etcd_001.log"))), Is.EqualTo(HistoryFormat.JepsenRegister));
        Assert.That(HistoryFormats.Detect(File.ReadLines(ReferenceHistories.PathOf("kv/c01-ok.txt"))), Is.EqualTo(HistoryFormat.Kv));
        Assert.That(() => HistoryFormats.Detect([]), Throws.TypeOf<HistoryFormatException>());
        var empty = new StringWriter();
        KvHistoryWriter.Write(empty, []);
        Assert.That(HistoryFormats.Detect(empty.ToString().Split('\n')), Is.EqualTo(HistoryFormat.Kv), "an empty history the writer wrote");
        Assert.That(() => HistoryFormats.Detect(["", "hello"]), Throws.TypeOf<HistoryFormatException>().With.Property("LineNumber").EqualTo(2));
    }

    [Test]
    public void AWrittenHistoryWithAnUnansweredOperationReadsBackAndChecks()
    {
        Operation<KvInput, KvOutput>[] history =
        [
            Operations.Completed(0, KvInput.Put("k", "1"), 0, KvOutput.None, 10),
            Operations.Unknown<KvInput, KvOutput>(1, KvInput.Append("k", "2"), 5),
            Operations.Completed(0, KvInput.Get("k"), 10, new KvOutput("12"), 20),
            Operations.Completed(2, KvInput.Append("k", "3"), 21, new KvOutput("12"), 22),
        ];
        var path = Path.Combine(Path.GetTempPath(), $"kv-{Guid.NewGuid():N}.txt");
        try
        {
            KvHistoryWriter.WriteFile(path, history);
            var read = KvHistoryReader.ReadFile(path);
            Assert.That(read, Is.EqualTo(history.OrderBy(o => o.Call)));
            Assert.That(LinearizabilityChecker.Check(KvModel.Partitioned, read).Outcome, Is.EqualTo(CheckOutcome.Ok));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void AnAppendsRecordedOldValueIsChecked()
    {
        Operation<KvInput, KvOutput>[] history =
        [
            Operations.Completed(0, KvInput.Put("k", "1"), 0, KvOutput.None, 1),
            Operations.Completed(0, KvInput.Append("k", "2"), 2, new KvOutput("1"), 3),
        ];
        Assert.That(LinearizabilityChecker.Check(KvModel.Partitioned, history).Outcome, Is.EqualTo(CheckOutcome.Ok));
        history[1] = history[1] with { Output = new KvOutput("") };
        Assert.That(LinearizabilityChecker.Check(KvModel.Partitioned, history).Outcome, Is.EqualTo(CheckOutcome.Illegal));
        Assert.That(LinearizabilityChecker.Check(KvModel.Unpartitioned, history).Outcome, Is.EqualTo(CheckOutcome.Illegal));
    }

    [Test]
    public void TheReadmeExampleChecksAndDraws()
    {
        var history = new List<Operation<KvInput, KvOutput>>
        {
            Operations.Completed(clientId: 0, KvInput.Put("x", "1"), call: 10, KvOutput.None, @return: 20),
            Operations.Completed(clientId: 1, KvInput.Append("x", "2"), call: 15, new KvOutput("1"), @return: 30),
            Operations.Completed(clientId: 2, KvInput.Get("x"), call: 35, new KvOutput("12"), @return: 40),
            Operations.Unknown<KvInput, KvOutput>(clientId: 3, KvInput.Put("x", "3"), call: 38),
        };
        var result = LinearizabilityChecker.Check(
            KvModel.Partitioned, history, new CheckOptions { Timeout = TimeSpan.FromSeconds(30), ComputeLinearizations = true });
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Ok));
        Assert.That(HistoryVisualizer.ToHtml(KvModel.Partitioned, result), Does.Contain("append(\\u0022x\\u0022"));
    }
}
