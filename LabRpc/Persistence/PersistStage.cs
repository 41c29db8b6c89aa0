namespace LabRpc;

/// <summary>Whether a <see cref="PersistEvent"/> comes just before a persister call takes effect or just after.</summary>
public enum PersistStage
{
    /// <summary>The call is about to change the records: a crash now loses it.</summary>
    Before,

    /// <summary>The call has changed the records: a crash now keeps it.</summary>
    After,
}
