namespace LabRpc;

/// <summary>An internal unit of work: a static callback, its state and a tag (saves an allocation per event).</summary>
internal delegate void SimCallback(object? state, long tag);
