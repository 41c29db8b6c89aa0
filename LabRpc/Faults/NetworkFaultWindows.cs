namespace LabRpc.Faults;

/// <summary>
/// Plays a schedule's network fault windows on a <see cref="Network"/>: each opens at its time and closes when its duration
/// has passed; while windows overlap, the worst of each setting applies (the highest drop rates, the longest delays), every
/// end or server one cuts off is isolated, every link one cuts is partitioned, and every link a window of
/// <see cref="LinkDuplicates"/> or <see cref="LinkTimeouts"/> names gets its rates (<see cref="Network.SetLinkFaults(string, string, LinkFaults?)"/>:
/// those links' own rates are the windows' to set). With no window open the network is <see cref="Base"/>.
/// <see cref="Heal"/> ends them all. Windows
/// of a kind it does not know (a service's own, such as a server crash) are the service's to play; a service maps its own
/// isolation windows to names with <see cref="IsolatedName"/>.
/// </summary>
public sealed class NetworkFaultWindows
{
    private readonly Network _network;
    private readonly Simulation _simulation;
    private readonly List<FaultEvent> _open = [];
    private readonly HashSet<(string From, string To)> _cut = [];
    private static readonly Comparer<(string From, string To)> Ordinal =
        Comparer<(string From, string To)>.Create((x, y) => string.CompareOrdinal(x.From, y.From) is var c && c != 0 ? c : string.CompareOrdinal(x.To, y.To));

    private readonly SortedDictionary<(string From, string To), LinkFaults> _rated = new(Ordinal);
    private bool _healed;

    /// <summary>Plays windows on <paramref name="network"/>, in <paramref name="simulation"/>'s virtual time.</summary>
    public NetworkFaultWindows(Network network, Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(simulation);
        (_network, _simulation) = (network, simulation);
    }

    /// <summary>The network's settings while no window is open (labrpc's reliable network unless given): a service whose
    /// network is unreliable throughout says so here.</summary>
    public FaultProfile Base { get; init; } = FaultProfile.Reliable;

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

    /// <summary>Sets the network to what the open windows say again, after something else changed the links they name
    /// (<see cref="Network.Heal(string, string)"/> takes a link's own rates away).</summary>
    public void Reapply() => Apply();

    /// <summary>Sets the network to what the open windows say.</summary>
    private void Apply()
    {
        var profile = Base;
        var isolated = new HashSet<string>(StringComparer.Ordinal);
        var cut = new HashSet<(string, string)>();
        var rated = new SortedDictionary<(string From, string To), LinkFaults>(Ordinal);
        foreach (var fault in _open)
        {
            if (fault is LinkDuplicates or LinkTimeouts) Rate(rated, fault);
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
        // After the cuts, which heal a link whole: every rated link is set again, and a link no window rates any more is
        // given back to the profile.
        foreach (var link in _rated.Keys.Where(l => !rated.ContainsKey(l)).ToList()) _network.SetLinkFaults(link.From, link.To, null);
        foreach (var (link, faults) in rated) _network.SetLinkFaults(link.From, link.To, faults);
        _rated.Clear();
        foreach (var (link, faults) in rated) _rated.Add(link, faults);
    }

    /// <summary>Adds a window's rates to its link's: the worst of each (the highest duplication rate, the longest delays,
    /// the shortest timeout).</summary>
    private static void Rate(SortedDictionary<(string From, string To), LinkFaults> rated, FaultEvent fault)
    {
        var (link, add) = fault switch
        {
            LinkDuplicates d => ((d.From, d.To), new LinkFaults { DuplicateRate = d.Rate, MaxDuplicateDelay = d.MaxDelay }),
            LinkTimeouts t => ((t.From, t.To), new LinkFaults { Timeout = t.Timeout, MaxDelay = t.MaxDelay }),
            _ => throw new ArgumentException($"Not a link-rate window: {fault.Describe()}", nameof(fault)),
        };
        if (!rated.TryGetValue(link, out var have))
        {
            rated[link] = add;
            return;
        }
        rated[link] = new LinkFaults
        {
            DuplicateRate = Max(have.DuplicateRate, add.DuplicateRate),
            MaxDuplicateDelay = Max(have.MaxDuplicateDelay, add.MaxDuplicateDelay),
            MaxDelay = Max(have.MaxDelay, add.MaxDelay),
            Timeout = have.Timeout is { } a && add.Timeout is { } b ? (a < b ? a : b) : have.Timeout ?? add.Timeout,
        };
    }

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

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
