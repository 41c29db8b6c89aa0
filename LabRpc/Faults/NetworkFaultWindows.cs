namespace LabRpc.Faults;

/// <summary>
/// Plays a schedule's network fault windows on a <see cref="Network"/>: each opens at its time and closes when its duration
/// has passed; while windows overlap, the worst of each setting applies (the highest drop rates, the longest delays), every
/// end or server one cuts off is isolated, and every link one cuts is partitioned. <see cref="Heal"/> ends them all. Windows
/// of a kind it does not know (a service's own, such as a server crash) are the service's to play; a service maps its own
/// isolation windows to names with <see cref="IsolatedName"/>.
/// </summary>
public sealed class NetworkFaultWindows
{
    private readonly Network _network;
    private readonly Simulation _simulation;
    private readonly List<FaultEvent> _open = [];
    private readonly HashSet<(string From, string To)> _cut = [];
    private bool _healed;

    /// <summary>Plays windows on <paramref name="network"/>, in <paramref name="simulation"/>'s virtual time.</summary>
    public NetworkFaultWindows(Network network, Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(simulation);
        (_network, _simulation) = (network, simulation);
    }

    /// <summary>A service's own windows that cut off an end or server: the name they isolate (null: not such a window).</summary>
    public Func<FaultEvent, string?>? IsolatedName { get; init; }

    /// <summary>Called each time a window opens or closes (true: opens), after the network was set.</summary>
    public Action<FaultEvent, bool>? OnChange { get; init; }

    /// <summary>Windows opened so far.</summary>
    public int Opened { get; private set; }

    /// <summary>Whether <see cref="Heal"/> has ended the schedule.</summary>
    public bool Healed => _healed;

    /// <summary>Waits until <paramref name="window"/> opens, opens it, waits its duration and closes it; nothing once the
    /// schedule is healed.</summary>
    public async Task Play(FaultEvent window)
    {
        ArgumentNullException.ThrowIfNull(window);
        await _simulation.Delay(window.At);
        if (_healed) return;
        Open(window);
        await _simulation.Delay(window.Duration);
        if (_healed) return;
        Close(window);
    }

    /// <summary>Opens <paramref name="window"/> now.</summary>
    public void Open(FaultEvent window)
    {
        _open.Add(window);
        Opened++;
        Apply();
        OnChange?.Invoke(window, true);
    }

    /// <summary>Closes <paramref name="window"/> now.</summary>
    public void Close(FaultEvent window)
    {
        _open.Remove(window);
        Apply();
        OnChange?.Invoke(window, false);
    }

    /// <summary>Ends the schedule: every window closes (the network is reliable, nothing isolated or cut) and none opens again.</summary>
    public void Heal()
    {
        _healed = true;
        _open.Clear();
        Apply();
    }

    /// <summary>Sets the network to what the open windows say.</summary>
    private void Apply()
    {
        var profile = FaultProfile.Reliable;
        var isolated = new HashSet<string>(StringComparer.Ordinal);
        var cut = new HashSet<(string, string)>();
        foreach (var fault in _open)
        {
            profile = fault switch
            {
                UnreliableNetwork => Worst(profile, FaultProfile.Unreliable.RequestDropRate, FaultProfile.Unreliable.ReplyDropRate, FaultProfile.Unreliable.MaxRequestDelay),
                DropsAndDelays d => Worst(profile, d.RequestDropRate, d.ReplyDropRate, d.MaxRequestDelay),
                LongReordering => profile with { LongReordering = true },
                DuplicateRequests r => profile with
                {
                    DuplicateRate = Math.Max(profile.DuplicateRate, r.Rate),
                    MaxDuplicateDelay = profile.MaxDuplicateDelay > r.MaxDelay ? profile.MaxDuplicateDelay : r.MaxDelay,
                },
                _ => profile,
            };
            if (((fault as Isolation)?.Name ?? IsolatedName?.Invoke(fault)) is { } name) isolated.Add(name);
            if (fault is LinkPartition p)
            {
                cut.Add((p.A, p.B));
                if (!p.OneWay) cut.Add((p.B, p.A));
            }
        }
        var before = _network.Faults.Isolated;
        _network.Faults = profile with { Isolated = before };
        foreach (var name in isolated.Where(n => !before.Contains(n))) _network.Isolate(name, true);
        foreach (var name in before.Where(n => !isolated.Contains(n))) _network.Isolate(name, false);
        if (!cut.SetEquals(_cut)) Cut(cut);
    }

    /// <summary>Partitions the links <paramref name="cut"/> names and heals those it no longer does (a link whose cut changes
    /// is healed whole, then cut again in the directions still cut).</summary>
    private void Cut(HashSet<(string From, string To)> cut)
    {
        static (string, string) Pair((string A, string B) l) => string.CompareOrdinal(l.A, l.B) <= 0 ? (l.A, l.B) : (l.B, l.A);
        var changed = _cut.Except(cut).Concat(cut.Except(_cut)).Select(Pair).Distinct()
            .OrderBy(l => l.Item1, StringComparer.Ordinal).ThenBy(l => l.Item2, StringComparer.Ordinal).ToList();
        foreach (var (a, b) in changed)
        {
            _network.Heal(a, b);
            if (cut.Contains((a, b))) _network.Partition(a, b, oneWay: true);
            if (cut.Contains((b, a))) _network.Partition(b, a, oneWay: true);
        }
        _cut.Clear();
        _cut.UnionWith(cut);
    }

    private static FaultProfile Worst(FaultProfile p, double requestDrops, double replyDrops, TimeSpan delay) => p with
    {
        RequestDropRate = Math.Max(p.RequestDropRate, requestDrops),
        ReplyDropRate = Math.Max(p.ReplyDropRate, replyDrops),
        MaxRequestDelay = p.MaxRequestDelay > delay ? p.MaxRequestDelay : delay,
    };
}
