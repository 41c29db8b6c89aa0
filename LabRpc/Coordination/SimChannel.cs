using System.Threading.Channels;

namespace LabRpc;

/// <summary>
/// Channels for simulated code: <see cref="Channel"/>'s, with a reader whose <see cref="ChannelReader{T}.ReadAllAsync"/>
/// stays on the simulation (the BCL's awaits with <c>ConfigureAwait(false)</c>, which leaves it). Every other member
/// is the BCL channel's own, and each factory takes the options <see cref="Channel"/>'s does.
/// </summary>
public static class SimChannel
{
    /// <summary>An unbounded channel (<see cref="Channel.CreateUnbounded{T}()"/>) whose every member works in simulated code.</summary>
    public static Channel<T> CreateUnbounded<T>() => new Wrapped<T>(Channel.CreateUnbounded<T>());

    /// <summary>An unbounded channel with options (<see cref="Channel.CreateUnbounded{T}(UnboundedChannelOptions)"/>:
    /// <c>SingleReader</c>, <c>SingleWriter</c>, ...) whose every member works in simulated code.</summary>
    public static Channel<T> CreateUnbounded<T>(UnboundedChannelOptions options) => new Wrapped<T>(Channel.CreateUnbounded<T>(options));

    /// <summary>A bounded channel (<see cref="Channel.CreateBounded{T}(int)"/>) whose every member works in simulated code.</summary>
    public static Channel<T> CreateBounded<T>(int capacity) => new Wrapped<T>(Channel.CreateBounded<T>(capacity));

    /// <summary>A bounded channel with options (<see cref="Channel.CreateBounded{T}(BoundedChannelOptions)"/>) whose every member
    /// works in simulated code.</summary>
    public static Channel<T> CreateBounded<T>(BoundedChannelOptions options) => new Wrapped<T>(Channel.CreateBounded<T>(options));

    private sealed class Wrapped<T> : Channel<T>
    {
        public Wrapped(Channel<T> inner)
        {
            Reader = new SimReader<T>(inner.Reader);
            Writer = inner.Writer;
        }
    }
}
