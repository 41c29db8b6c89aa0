namespace LabRpc;

/// <summary>A message type has state the codec would silently not carry across the network.</summary>
public sealed class MessageTypeException : Exception
{
    /// <summary>Creates the error.</summary>
    public MessageTypeException(string message) : base(message) { }
}
