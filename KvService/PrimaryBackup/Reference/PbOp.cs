namespace KvService.PrimaryBackup.Reference;

/// <summary>The operation a primary forwards to its backup.</summary>
public enum PbOp
{
    /// <summary>No change: the primary asks the backup to confirm that it is still the backup of the primary's view,
    /// so that a primary that was replaced without knowing it cannot answer a Get.</summary>
    Get,

    /// <summary>Sets a key.</summary>
    Put,

    /// <summary>Appends to a key.</summary>
    Append,
}
