using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KvService.Scenarios;
using LabRpc.Exploration;

namespace KvService.Exploration;

/// <summary>
/// One schedule of an exploration saved as JSON: the configuration (workload, faults, the reduction the choices were made
/// under), the choices (the option taken at each branching point, up to the last that is not the default), the
/// implementation and the trace hash of the run. <c>explore --replay</c> runs it again. Reading is strict: an unknown
/// field is an error that names it.
/// </summary>
public sealed record ExplorationFile
{
    /// <summary>The format's name and version, written in every file.</summary>
    public const string CurrentFormat = "labrpc-exploration/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file, not a page: "don't", not "don\u0027t"
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new DurationJsonConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>The format of the file: <see cref="CurrentFormat"/>.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>The implementation, as the command line names it ("reference", a type name, or path/to/Assembly.dll:Type).</summary>
    public string? Implementation { get; init; }

    /// <summary>The trace hash of the recorded run (16 hex digits), if known.</summary>
    public string? TraceHash { get; init; }

    /// <summary>The verdict of that run, for the reader.</summary>
    public string? Verdict { get; init; }

    /// <summary>Seeds the workload and the clients' ids.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Clients.</summary>
    public int Clients { get; init; } = 2;

    /// <summary>Operations per client.</summary>
    public int OperationsPerClient { get; init; } = 2;

    /// <summary>Keys.</summary>
    public int Keys { get; init; } = 1;

    /// <summary>The mix of operations.</summary>
    public OperationMix Mix { get; init; } = OperationMix.Even;

    /// <summary>The faults that were possible.</summary>
    public ExplorationFaults Faults { get; init; } = ExplorationFaults.All;

    /// <summary>How ready tasks were chosen: the choices mean something only under the same reduction.</summary>
    public Reduction Reduction { get; init; } = Reduction.Nodes;

    /// <summary>The option taken at each branching point; past the end, the default (0).</summary>
    public IReadOnlyList<int> Choices { get; init; } = [];

    /// <summary>The choices that are not the default, in words (written for the reader, ignored when read).</summary>
    public IReadOnlyList<string>? Deviations { get; init; }

    /// <summary>The configuration the file describes (bounds left at their defaults: a replay runs one schedule).</summary>
    public ExplorationConfig ToConfig() => new()
    {
        Seed = Seed, Clients = Clients, OperationsPerClient = OperationsPerClient, Keys = Keys, Mix = Mix, Faults = Faults,
        Bounds = new ExplorationBounds { Reduction = Reduction },
    };

    /// <summary>The file for <paramref name="choices"/> of <paramref name="config"/>, whose run gave <paramref name="verdict"/>
    /// with the branching points <paramref name="trace"/>.</summary>
    public static ExplorationFile Of(ExplorationConfig config, IReadOnlyList<int> choices, Verdict verdict, IReadOnlyList<ChoicePoint> trace, string implementation)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(trace);
        return new ExplorationFile
        {
            Implementation = implementation,
            TraceHash = verdict.TraceHashText,
            Verdict = verdict.Passed ? "passed" : verdict.Unknown ? "unknown" : string.Join("; ", verdict.Violations.Select(v => v.Label).Distinct()),
            Seed = config.Seed, Clients = config.Clients, OperationsPerClient = config.OperationsPerClient, Keys = config.Keys, Mix = config.Mix,
            Faults = config.Faults, Reduction = config.Bounds.Reduction,
            Choices = [.. choices],
            Deviations = [.. trace.Select((p, i) => (p, i)).Where(x => x.p.Picked != 0).Select(x => $"branching point {x.i}: {Describe(x.p)}")],
        };
    }

    /// <summary>A branching point's choice in words.</summary>
    public static string Describe(ChoicePoint point) => point.Kind switch
    {
        ChoiceKind.Schedule => $"option {point.Picked} of {point.Options} ready (not the first)",
        ChoiceKind.DropRequest => "a request dropped",
        ChoiceKind.DropReply => "a reply dropped",
        ChoiceKind.Duplicate => "a request duplicated",
        ChoiceKind.CopyLate => "the duplicate's copy arrives late",
        ChoiceKind.HoldReply => "a reply held back",
        ChoiceKind.Crash => "the server crashes",
        ChoiceKind.Pick => $"option {point.Picked} of {point.Options} of a choice the code asked for",
        _ => point.ToString(),
    };

    /// <summary>The file as JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes the file to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllText(path, ToJson() + "\n");

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ScenarioFileException">The file is missing, unreadable or not a valid exploration file.</exception>
    public static ExplorationFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ExplorationFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ExplorationFile>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioFileException($"cannot read {path}: {e.Message}", e);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}{(e.Path is { } p ? $", at {p}" : "")})" : "";
            throw new ScenarioFileException($"{path} is not a valid exploration file{where}: {e.Message}", e);
        }
        if (file is null) throw new ScenarioFileException($"{path} holds nothing (it is JSON null).");
        if (file.Format != CurrentFormat) throw new ScenarioFileException($"{path} has format '{file.Format}'; this reads '{CurrentFormat}'.");
        if (file.Choices.Any(c => c < 0)) throw new ScenarioFileException($"{path}: a choice is negative; each is an option's number, from 0.");
        try
        {
            file.ToConfig().Validate();
        }
        catch (ArgumentException e)
        {
            throw new ScenarioFileException($"{path} describes an invalid configuration: {e.Message}", e);
        }
        return file;
    }
}
