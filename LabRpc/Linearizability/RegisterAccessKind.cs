namespace LabRpc.Linearizability;

/// <summary>What an operation does to a string register with put and append (see <see cref="AppendRegister{TInput, TOutput}"/>).</summary>
public enum RegisterAccessKind
{
    /// <summary>Reads the whole value and changes nothing.</summary>
    Read,

    /// <summary>Replaces the value.</summary>
    Put,

    /// <summary>Adds a token to the end of the value (and may return the value it had before).</summary>
    Append,
}
