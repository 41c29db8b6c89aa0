namespace LabRpc;

/// <summary>Simulated code blocked the simulation's thread (.Result, .Wait(), Thread.Sleep, an endless loop).</summary>
public sealed class SimulationBlockedException : SimulationException
{
    /// <summary>Creates the error.</summary>
    public SimulationBlockedException(string message) : this(message, waitedOutStallTimeout: true) { }

    /// <summary>Creates the error, saying whether the run waited out <see cref="SimulationOptions.StallTimeout"/> to find it.</summary>
    public SimulationBlockedException(string message, bool waitedOutStallTimeout) : base(message) => WaitedOutStallTimeout = waitedOutStallTimeout;

    /// <summary>
    /// True when the block was found only after the step had been stuck for <see cref="SimulationOptions.StallTimeout"/> (or
    /// busy for longer): every run of such code may cost that much real time. False when strict detection saw the step
    /// wait synchronously for an unfinished task (<c>.Result</c>, <c>.Wait()</c>) and reported it at once.
    /// </summary>
    public bool WaitedOutStallTimeout { get; }
}
