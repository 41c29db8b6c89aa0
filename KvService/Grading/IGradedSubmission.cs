namespace KvService.Grading;

/// <summary>A submission's implementation of a lab's contract, loaded in the worker: what each kind of graded test runs.</summary>
public interface IGradedSubmission
{
    /// <summary>Runs the suite test <paramref name="name"/> with <paramref name="seed"/>; throws as the test fails
    /// (<see cref="Harness.KvCheckFailedException"/>, a simulation's exception, or whatever the implementation threw).</summary>
    void RunSuiteTest(string name, ulong seed);

    /// <summary>Runs a sweep of generated scenarios and judges them; a failure is shrunk and its files written for the order.</summary>
    TestResult RunScenarios(GradeTest test, WorkOrder order);

    /// <summary>Explores every schedule of a small configuration (a lab that <see cref="IGradedLab.Explores"/>).</summary>
    TestResult Explore(GradeTest test, WorkOrder order);
}
