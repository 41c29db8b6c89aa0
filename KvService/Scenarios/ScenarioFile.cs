using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace KvService.Scenarios;

/// <summary>
/// A scenario saved as JSON (System.Text.Json, camelCase, durations as "250ms"), with what a replay needs to compare:
/// the implementation it ran against and the trace hash that run ended with. Stable and meant to be read and edited
/// by a person. Reading is strict, so that a mistake in a hand-edited file is not silently ignored: an unknown field, fault
/// kind or enum value is an error that names it, where it is (line) and the valid ones.
/// </summary>
public sealed record ScenarioFile
{
    /// <summary>The format's name and version, written in every file.</summary>
    public const string CurrentFormat = "labrpc-scenario/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowOutOfOrderMetadataProperties = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new DurationJsonConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                FaultJson.Kinds(
                    FaultJson.Kind<UnreliableNetwork>(), FaultJson.Kind<LongReordering>(), FaultJson.Kind<DropsAndDelays>(),
                    FaultJson.Kind<DuplicateRequests>(), (typeof(ClientIsolation), "isolateClient"), (typeof(ServerCrash), "crash")),
            },
        },
    };

    /// <summary>The format of the file: <see cref="CurrentFormat"/>.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>The implementation the scenario ran against, if known: "reference", or how it was named to the check command
    /// (a type name or <c>path/to/Assembly.dll:Namespace.Type</c>), so that replay finds it again.</summary>
    public string? Implementation { get; init; }

    /// <summary>The trace hash the run ended with (16 hex digits), if known: a replay must end with the same.</summary>
    public string? TraceHash { get; init; }

    /// <summary>The verdict of that run in a few words, for the reader.</summary>
    public string? Verdict { get; init; }

    /// <summary>The scenario.</summary>
    public required Scenario Scenario { get; init; }

    /// <summary>The file for the run that gave <paramref name="verdict"/>; <paramref name="implementation"/> names the
    /// implementation as replay should find it (its <see cref="KvService.Contract.IKvImplementation.Name"/> if not given).</summary>
    public static ScenarioFile Of(Verdict verdict, string? implementation = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new ScenarioFile
        {
            Implementation = implementation ?? verdict.Implementation,
            TraceHash = verdict.TraceHashText,
            Verdict = verdict.Passed ? "passed" : verdict.Unknown ? "unknown" : string.Join("; ", verdict.Violations.Select(v => v.Label).Distinct()),
            Scenario = verdict.Scenario,
        };
    }

    /// <summary>The file as JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes the file to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllText(path, ToJson() + "\n");

    /// <summary>Reads JSON text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ScenarioFileException">The text is not a valid scenario file.</exception>
    public static ScenarioFile FromJson(string json, string source = "the scenario")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        if (StrictJson.TopLevelString(json, "format") is { } format && format != CurrentFormat)
            throw new ScenarioFileException($"{source} has format '{format}'; this version reads '{CurrentFormat}'" + (format == PrimaryBackup.Scenarios.PbScenarioFile.CurrentFormat
                ? ": it is a primary/backup scenario file (check --service pb writes them; replay runs both kinds)." : "."));
        var file = StrictJson.Read<ScenarioFile>(json, Json, source, "scenario file");
        try
        {
            file.Scenario.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ScenarioFileException($"{source} describes an invalid scenario: {e.Message}", e);
        }
        return file;
    }

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ScenarioFileException">The file is missing, unreadable or not a valid scenario file.</exception>
    public static ScenarioFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromJson(StrictJson.ReadText(path), path);
    }
}
