using System.Text.Json.Serialization.Metadata;

namespace LabRpc.Faults;

/// <summary>
/// Fault events in JSON: an object with a <c>"kind"</c> (the discriminator) and the record's fields. A file format names
/// the kinds it reads with <see cref="Kinds"/>, as a modifier of its <see cref="DefaultJsonTypeInfoResolver"/>; a kind it
/// does not name is an error when read.
/// </summary>
public static class FaultJson
{
    /// <summary>The field that names a fault's kind.</summary>
    public const string Discriminator = "kind";

    /// <summary>The network's kinds and their names: <c>unreliable</c>, <c>longReordering</c>, <c>dropsAndDelays</c>,
    /// <c>duplicates</c>, <c>isolate</c>, <c>partition</c>, <c>linkDuplicates</c>, <c>linkTimeouts</c>.</summary>
    public static IReadOnlyList<(Type Type, string Kind)> NetworkKinds { get; } =
    [
        (typeof(UnreliableNetwork), "unreliable"),
        (typeof(LongReordering), "longReordering"),
        (typeof(DropsAndDelays), "dropsAndDelays"),
        (typeof(DuplicateRequests), "duplicates"),
        (typeof(Isolation), "isolate"),
        (typeof(LinkPartition), "partition"),
        (typeof(LinkDuplicates), "linkDuplicates"),
        (typeof(LinkTimeouts), "linkTimeouts"),
    ];

    /// <summary>The network kind's name of <typeparamref name="T"/>.</summary>
    public static (Type Type, string Kind) Kind<T>() where T : FaultEvent =>
        NetworkKinds.First(k => k.Type == typeof(T));

    /// <summary>A resolver modifier that reads and writes <see cref="FaultEvent"/> as one of <paramref name="kinds"/>, in
    /// this order (the order error messages list them in).</summary>
    public static Action<JsonTypeInfo> Kinds(params (Type Type, string Kind)[] kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        return info =>
        {
            if (info.Type != typeof(FaultEvent)) return;
            info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = Discriminator };
            foreach (var (type, kind) in kinds) info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, kind));
        };
    }
}
