using LabRpc;

namespace KvService.Scenarios;

/// <summary>Numbers of the network's fault settings that the scenarios refer to.</summary>
internal static class FaultDefaults
{
    /// <summary>labrpc's unreliable network delays a request up to this (also how long a duplicate may wait when it is not held back).</summary>
    public static TimeSpan UnreliableDelay => FaultProfile.Unreliable.MaxRequestDelay;
}
