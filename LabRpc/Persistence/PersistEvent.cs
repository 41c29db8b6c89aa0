namespace LabRpc;

/// <summary>
/// A persister call about to take effect, or just taken effect (<see cref="Persister.OnPersist"/>): the moment where a
/// test or a fault schedule can crash the node between two writes of one request.
/// </summary>
/// <param name="Stage">Before or after the call changed the records.</param>
/// <param name="Operation">Write, Append or Remove.</param>
/// <param name="Key">The record's name.</param>
/// <param name="Number">The call's number on this persister: 1 for its first write, append or removal.</param>
public readonly record struct PersistEvent(PersistStage Stage, PersistOperation Operation, string Key, long Number);
