using System.Globalization;
using KvService.Histories;
using KvService.Model;
using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

/// <summary>
/// The decision from unique values against the search, on generated histories (<see cref="AdversarialKvHistories"/>):
/// the same verdict on every one. <c>LABRPC_DIFFERENTIAL_HISTORIES</c> sets how many (default 100,000;
/// <c>scripts/check-differential.sh</c> runs more), <c>LABRPC_DIFFERENTIAL_SEED</c> the seed.
/// </summary>
public sealed class UniqueValueDifferentialTests
{
    private const string CountVariable = "LABRPC_DIFFERENTIAL_HISTORIES";
    private const string SeedVariable = "LABRPC_DIFFERENTIAL_SEED";
    private const int DefaultCount = 25_000;
    private const ulong DefaultSeed = 20261207;

    private static readonly Model<KvValue, KvInput, KvOutput> SearchOnly = KvModel.Partitioned with { AppendRegister = null };
    private static readonly CheckOptions OneThread = new() { MaxDegreeOfParallelism = 1 };

    [Test]
    public void TheDecisionFromUniqueValuesAndTheSearchAgreeOnGeneratedHistories()
    {
        var count = Setting(CountVariable, DefaultCount);
        var seed = (ulong)Setting(SeedVariable, (long)DefaultSeed);
        var random = new DeterministicRandom(seed);
        int decidedOk = 0, decidedIllegal = 0, searched = 0, linearizationsChecked = 0;
        for (var n = 0; n < count; n++)
        {
            var history = AdversarialKvHistories.Generate(random);
            var withValues = LinearizabilityChecker.Check(KvModel.Partitioned, history, OneThread);
            var bySearch = LinearizabilityChecker.Check(SearchOnly, history, OneThread);
            if (withValues.Outcome != bySearch.Outcome)
            {
                Assert.Fail($"History {n} (seed {seed}): from values {withValues.Outcome}, by search {bySearch.Outcome}.\n" +
                    string.Join("\n", withValues.Partitions.Select(p => p.Explanation ?? p.FallbackReason ?? p.Method.ToString())) + "\n" + Text(history));
            }
            foreach (var part in withValues.Partitions)
            {
                if (part.Method == DecisionMethod.Search)
                {
                    searched++;
                }
                else if (part.Outcome == CheckOutcome.Ok)
                {
                    decidedOk++;
                }
                else
                {
                    decidedIllegal++;
                }
            }
            if (n % 16 == 0 && withValues.Outcome == CheckOutcome.Ok)
            {
                var full = LinearizabilityChecker.Check(KvModel.Partitioned, history, OneThread with { ComputeLinearizations = true });
                foreach (var part in full.Partitions.Where(p => p.Method == DecisionMethod.UniqueValues))
                {
                    Assert.That(Fits(part), Is.True, $"History {n}: the order found from values is not a linearization.\n{Text(history)}");
                    linearizationsChecked++;
                }
            }
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} histories (seed {seed}) agree; parts decided from values: {decidedOk:N0} linearizable, {decidedIllegal:N0} not; " +
            $"{searched:N0} parts searched (outside the class); {linearizationsChecked:N0} orders replayed."));
        // Every kind of outcome is well represented, or the agreement says little.
        Assert.Multiple(() =>
        {
            Assert.That(decidedOk, Is.GreaterThan(count / 5), "parts decided linearizable from values");
            Assert.That(decidedIllegal, Is.GreaterThan(count / 5), "parts decided not linearizable from values");
            Assert.That(searched, Is.GreaterThan(count / 50), "parts outside the class");
        });
    }

    /// <summary>Whether the part's linearization replays in the model, keeps real-time order and holds every answered operation once.</summary>
    private static bool Fits(PartitionResult<KvInput, KvOutput> part)
    {
        var order = part.Linearizations.Single();
        var state = KvModel.Partitioned.InitialState;
        var latestCall = long.MinValue;
        foreach (var i in order)
        {
            var op = part.Operations[i];
            if ((op.Return ?? long.MaxValue) < latestCall)
            {
                return false;
            }
            latestCall = Math.Max(latestCall, op.Call);
            var (ok, next) = op.IsOutcomeKnown
                ? KvModel.Partitioned.Step(state, op.Input, op.Output!)
                : KvModel.Partitioned.StepUnknown!(state, op.Input);
            if (!ok)
            {
                return false;
            }
            state = next;
        }
        var answered = Enumerable.Range(0, part.Operations.Count).Where(i => part.Operations[i].IsOutcomeKnown);
        return order.Distinct().Count() == order.Count && answered.All(order.Contains);
    }

    private static string Text(IReadOnlyList<Operation<KvInput, KvOutput>> history)
    {
        var text = new StringWriter();
        KvHistoryWriter.Write(text, history);
        return text.ToString();
    }

    private static long Setting(string variable, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
