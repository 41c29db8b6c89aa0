namespace KvService.Real;

/// <summary>A KV server could not be started; the message says why and what to do.</summary>
public sealed class KvHostException : Exception
{
    /// <summary>An error with <paramref name="message"/>.</summary>
    public KvHostException(string message) : base(message)
    {
    }

    /// <summary>An error with <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public KvHostException(string message, Exception inner) : base(message, inner)
    {
    }
}
