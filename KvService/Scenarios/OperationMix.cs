namespace KvService.Scenarios;

/// <summary>The relative weights of Get, Put and Append in a scenario's workload (e.g. 1, 1, 2: half the operations append).</summary>
/// <param name="Get">Weight of Get.</param>
/// <param name="Put">Weight of Put.</param>
/// <param name="Append">Weight of Append.</param>
public sealed record OperationMix(int Get, int Put, int Append)
{
    /// <summary>As many Gets, Puts and Appends.</summary>
    public static OperationMix Even { get; } = new(1, 1, 1);

    /// <summary>The sum of the weights.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Total => Get + Put + Append;

    /// <summary>Throws unless the weights are non-negative and not all zero.</summary>
    public void Validate()
    {
        if (Get < 0 || Put < 0 || Append < 0 || Total <= 0)
            throw new ArgumentException($"An operation mix needs non-negative weights, not all zero (got get {Get}, put {Put}, append {Append}).");
    }

    /// <inheritdoc/>
    public override string ToString() => $"get {Get} : put {Put} : append {Append}";
}
