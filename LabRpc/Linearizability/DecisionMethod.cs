namespace LabRpc.Linearizability;

/// <summary>How the checker decided a part of a history.</summary>
public enum DecisionMethod
{
    /// <summary>Wing and Gong's search with Lowe's cache (exponential in the worst case).</summary>
    Search,

    /// <summary>Without search, from the order the unique values force (see <see cref="AppendRegister{TInput, TOutput}"/>).</summary>
    UniqueValues,
}
