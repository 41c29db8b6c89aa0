namespace LabRpc;

/// <summary>The persister call a <see cref="PersistEvent"/> is about.</summary>
public enum PersistOperation
{
    /// <summary><see cref="Persister.Write"/> (and <see cref="Persister.SaveState"/>).</summary>
    Write,

    /// <summary><see cref="Persister.Append"/>.</summary>
    Append,

    /// <summary><see cref="Persister.Remove"/>.</summary>
    Remove,
}
