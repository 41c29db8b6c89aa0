using System.Diagnostics;
using System.Threading.Channels;

namespace LabRpc;

/// <summary>Tells, from the stack of a thread that hands work back to the simulation, a known cause of the escape whose
/// remedy is more precise than the general one: the BCL channel's <c>ReadAllAsync</c>.</summary>
internal static class EscapeHint
{
    /// <summary>The cause seen on the calling thread's stack and what to do instead (to follow "Some code awaited something
    /// that ran outside it: "), or null if none is recognised.</summary>
    public static string? FromStack()
    {
        foreach (var frame in new StackTrace(fNeedFileInfo: false).GetFrames())
        {
            if (IsChannelReadAll(frame.GetMethod()?.DeclaringType))
                return "the BCL channel's ReadAllAsync (await foreach over channel.Reader.ReadAllAsync()), whose iterator " +
                    "awaits with ConfigureAwait(false): once the reader has had to wait, it goes on, and hands its items back, " +
                    "from the thread pool. Make the channel with SimChannel.CreateUnbounded<T>() or SimChannel.CreateBounded<T>(...), " +
                    "whose ReadAllAsync stays on the simulation, or read in a loop: " +
                    "while (await reader.WaitToReadAsync()) while (reader.TryRead(out var item)) { ... }.";
        }
        return null;
    }

    /// <summary>Whether <paramref name="type"/> is the state machine of <see cref="ChannelReader{T}.ReadAllAsync"/> (the
    /// runtime's: <see cref="SimChannel"/>'s reader is another type).</summary>
    private static bool IsChannelReadAll(Type? type) =>
        type is { DeclaringType: { IsGenericType: true } reader }
        && type.Name.StartsWith("<ReadAllAsync>", StringComparison.Ordinal)
        && reader.GetGenericTypeDefinition() == typeof(ChannelReader<>);
}
