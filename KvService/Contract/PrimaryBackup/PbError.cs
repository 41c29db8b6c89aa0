namespace KvService.Contract.PrimaryBackup;

/// <summary>What a primary/backup server answers besides the result.</summary>
public enum PbError
{
    /// <summary>Done: the result is valid.</summary>
    Ok,

    /// <summary>This server is not the primary of the current view (or cannot tell that it is): ask the view service
    /// again and retry. Nothing of the request took effect through this answer.</summary>
    WrongServer,
}
