namespace LabRpc.Linearizability;

/// <summary>
/// One operation of a concurrent history: a client called it with <see cref="Input"/> at
/// <see cref="Call"/> and got <see cref="Output"/> back at <see cref="Return"/>.
/// </summary>
/// <remarks>
/// Times are plain numbers in any unit (virtual ticks, nanoseconds, line numbers); only their
/// order matters. An operation that returns at the same instant as another is called overlaps
/// it. An operation whose outcome is unknown (a request that timed out, or that was still
/// pending when the history ended) has no return time: it may have taken effect at any point
/// after its call, or not at all. Create operations with <see cref="Operations.Completed"/> and
/// <see cref="Operations.Unknown"/>.
/// </remarks>
/// <typeparam name="TInput">What the client asked for.</typeparam>
/// <typeparam name="TOutput">What the client got back.</typeparam>
public sealed record Operation<TInput, TOutput>
{
    /// <summary>An operation that completed with <paramref name="output"/> at <paramref name="return"/>.</summary>
    /// <exception cref="ArgumentException">The return time is before the call time.</exception>
    public Operation(int clientId, TInput input, long call, TOutput output, long @return)
    {
        if (@return < call)
        {
            throw new ArgumentException(
                $"An operation cannot return (at {@return}) before it is called (at {call}).", nameof(@return));
        }
        ClientId = clientId;
        Input = input;
        Call = call;
        Output = output;
        Return = @return;
    }

    /// <summary>An operation whose outcome is unknown: it may have taken effect after <paramref name="call"/>, or never.</summary>
    public Operation(int clientId, TInput input, long call)
    {
        ClientId = clientId;
        Input = input;
        Call = call;
    }

    /// <summary>The client (process, thread) that issued the operation; one lane in the picture.</summary>
    public int ClientId { get; init; }

    /// <summary>What the client asked for.</summary>
    public TInput Input { get; init; }

    /// <summary>When the client called.</summary>
    public long Call { get; init; }

    /// <summary>What the client got back; <c>default</c> when the outcome is unknown.</summary>
    public TOutput? Output { get; init; }

    /// <summary>When the client got its answer; <c>null</c> when the outcome is unknown.</summary>
    public long? Return { get; init; }

    /// <summary>Whether the client got an answer (<see cref="Return"/> and <see cref="Output"/> are set).</summary>
    public bool IsOutcomeKnown => Return.HasValue;
}
