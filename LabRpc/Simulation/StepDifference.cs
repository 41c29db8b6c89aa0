using System.Globalization;

namespace LabRpc;

/// <summary>Where two recordings of runs that should be the same first differ (<see cref="StepRecording.FirstDifference"/>).</summary>
/// <param name="First">The first run's step there; null if that run had ended.</param>
/// <param name="Second">The second run's step there; null if that run had ended.</param>
public sealed record StepDifference(RecordedStep? First, RecordedStep? Second)
{
    /// <summary>The step's number (the runs agree on every step before it).</summary>
    public long Step => (First ?? Second)!.Step;

    /// <summary>
    /// "step 1234 at 0.512s on node client1#1: run 1 ran &lt;x&gt;, run 2 ran &lt;y&gt;", or, when both ran the same code there,
    /// that it did something different (the trace hash after it differs: a message, a random draw, a time).
    /// </summary>
    public string Describe()
    {
        var at = First ?? Second!;
        string where = $"step {Step} at {Seconds(at.Time)} on node {at.Node}";
        if (First is null) return $"{where}: run 1 had ended (after step {Step - 1}), run 2 went on and ran {Second!.What}";
        if (Second is null) return $"{where}: run 2 had ended (after step {Step - 1}), run 1 went on and ran {First.What}";
        if (First.Node != Second.Node || First.Time != Second.Time)
            return $"step {Step}: run 1 ran {First.What} at {Seconds(First.Time)} on node {First.Node}, run 2 ran {Second.What} at {Seconds(Second.Time)} on node {Second.Node}";
        if (First.What != Second.What) return $"{where}: run 1 ran {First.What}, run 2 ran {Second.What}";
        return $"{where}: both runs ran {First.What}, but it did something different (the trace hash after it differs: " +
            "what it sent, a random number it drew, or a step it started)";
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture) + "s";
}
