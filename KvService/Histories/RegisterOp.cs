namespace KvService.Histories;

/// <summary>The operations of Jepsen's compare-and-set register (the etcd histories).</summary>
public enum RegisterOp
{
    /// <summary>Read the value (nil before the first write).</summary>
    Read,

    /// <summary>Write a value.</summary>
    Write,

    /// <summary>Compare and set: if the value is <see cref="RegisterInput.Value"/>, make it <see cref="RegisterInput.NewValue"/>.</summary>
    Cas,
}
