namespace KvService.Scenarios;

/// <summary>A scenario file that cannot be read: missing, not JSON, or not a valid scenario. The message says which and where.</summary>
public sealed class ScenarioFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScenarioFileException() { }

    /// <summary>Creates the exception with a message.</summary>
    public ScenarioFileException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ScenarioFileException(string message, Exception inner) : base(message, inner) { }
}
