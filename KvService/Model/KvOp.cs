namespace KvService.Model;

/// <summary>The three operations of the key/value service.</summary>
public enum KvOp
{
    /// <summary>Read a key's value ("" if it was never written).</summary>
    Get,

    /// <summary>Replace a key's value.</summary>
    Put,

    /// <summary>Add to the end of a key's value.</summary>
    Append,
}
