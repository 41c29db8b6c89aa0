using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace LabRpc.Tests.Scenarios;

/// <summary>An FsCheck runner that keeps what a property run found: the first failing <typeparamref name="TScenario"/>
/// as generated and as shrunk, the counts and FsCheck's report.</summary>
/// <typeparam name="TScenario">The scenario type the property draws.</typeparam>
internal sealed class CapturingRunner<TScenario> : IRunner where TScenario : class
{
    /// <summary>What the run found, once it finished.</summary>
    public PropertyOutcome<TScenario>? Outcome { get; private set; }

    public void OnStartFixture(Type t) { }

    public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every) { }

    public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink) { }

    public void OnFinished(string name, TestResult testResult)
    {
        var message = Runner.onFinishedToString(name, testResult);
        Outcome = testResult switch
        {
            TestResult.Failed failed => new PropertyOutcome<TScenario>(false, failed.Item1.NumberOfTests,
                failed.Item2.OfType<TScenario>().FirstOrDefault(), failed.Item3.OfType<TScenario>().FirstOrDefault(),
                failed.Item1.NumberOfShrinks, message),
            TestResult.Passed passed => new PropertyOutcome<TScenario>(true, passed.Item1.NumberOfTests, null, null, 0, message),
            _ => new PropertyOutcome<TScenario>(false, 0, null, null, 0, message),
        };
    }
}
