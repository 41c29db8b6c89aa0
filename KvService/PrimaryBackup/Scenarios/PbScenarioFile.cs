using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KvService.Scenarios;
using LabRpc.Faults;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// A primary/backup scenario saved as JSON, as <see cref="ScenarioFile"/> saves a KV one (camelCase, durations as
/// "250ms", strict reading that names the field, the line and the valid names), with its own format name
/// (<see cref="CurrentFormat"/>, required) so that <c>replay</c> tells the two kinds apart and each reader refuses the
/// other's files with a message that says so. It records the implementation the run was against, the trace hash and
/// the verdict. A fault's <c>client</c> is written only for kinds that name a clerk, its <c>gap</c> only for the two
/// kinds that crash twice, <c>rate</c>, <c>maxDelay</c> and <c>timeout</c> for the clerks' duplicated and late requests,
/// <c>moment</c> (and <c>write</c> for a persister call's) for a crash at a moment.
/// </summary>
public sealed record PbScenarioFile
{
    /// <summary>The format's name and version, written in every file.</summary>
    public const string CurrentFormat = "labrpc-pb-scenario/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new DurationJsonConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { Shape } },
    };

    /// <summary>The format of the file: <see cref="CurrentFormat"/>.</summary>
    public required string Format { get; init; } = CurrentFormat;

    /// <summary>The implementation the scenario ran against, if known: "reference", or how it was named to
    /// <c>check --service pb --impl</c> (an assembly's path made absolute), so that replay finds it again.</summary>
    public string? Implementation { get; init; }

    /// <summary>The trace hash the run ended with (16 hex digits), if known: a replay must end with the same.</summary>
    public string? TraceHash { get; init; }

    /// <summary>The verdict of that run in a few words, for the reader.</summary>
    public string? Verdict { get; init; }

    /// <summary>The scenario.</summary>
    public required PbScenario Scenario { get; init; }

    /// <summary>The file for the run that gave <paramref name="verdict"/>; <paramref name="implementation"/> names the
    /// implementation as replay should find it (the verdict's implementation name if not given).</summary>
    public static PbScenarioFile Of(PbVerdict verdict, string? implementation = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new PbScenarioFile
        {
            Format = CurrentFormat,
            Implementation = implementation ?? verdict.Implementation,
            TraceHash = verdict.TraceHashText,
            Verdict = verdict.Passed ? "passed" : verdict.Failed ? string.Join("; ", verdict.Violations.Select(v => v.Label).Distinct()) : "unknown",
            Scenario = verdict.Scenario,
        };
    }

    /// <summary>Whether <paramref name="json"/> says it is a primary/backup scenario file (its <c>format</c>).</summary>
    public static bool Holds(string json) => StrictJson.TopLevelString(json, "format") == CurrentFormat;

    /// <summary>The file as JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes the file to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllText(path, ToJson() + "\n");

    /// <summary>Reads JSON text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ScenarioFileException">The text is not a valid primary/backup scenario file (a key/value one included).</exception>
    public static PbScenarioFile FromJson(string json, string source = "the scenario")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        var format = StrictJson.TopLevelString(json, "format");
        if (format == ScenarioFile.CurrentFormat)
            throw new ScenarioFileException($"{source} is a key/value scenario file (format '{format}'), not a primary/backup one ('{CurrentFormat}'): " +
                "replay runs it as one, against a KV implementation.");
        if (format is null && IsObject(json))
            throw new ScenarioFileException($"{source} has no \"format\": a primary/backup scenario file says \"format\": \"{CurrentFormat}\" " +
                "(without it, a file is a key/value scenario).");
        if (format is not null && format != CurrentFormat)
            throw new ScenarioFileException($"{source} has format '{format}'; this version reads '{CurrentFormat}' (primary/backup) and '{ScenarioFile.CurrentFormat}' (key/value).");
        var file = StrictJson.Read<PbScenarioFile>(json, Json, source, "primary/backup scenario file");
        try
        {
            file.Scenario.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ScenarioFileException($"{source} describes an invalid primary/backup scenario: {e.Message}", e);
        }
        return file;
    }

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ScenarioFileException">The file is missing, unreadable or not a valid primary/backup scenario file.</exception>
    public static PbScenarioFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromJson(StrictJson.ReadText(path), path);
    }

    /// <summary>Whether <paramref name="json"/> is a well-formed JSON object (else the strict reader says what is wrong).</summary>
    private static bool IsObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The file's shape beyond the attributes: a scenario's seed is required; a fault writes <c>client</c>,
    /// <c>gap</c>, <c>rate</c>, <c>maxDelay</c>, <c>timeout</c>, <c>moment</c> and <c>write</c> only where its kind uses them.</summary>
    private static void Shape(JsonTypeInfo info)
    {
        if (info.Type == typeof(PbScenario))
        {
            foreach (var property in info.Properties.Where(p => p.Name == "seed")) property.IsRequired = true;
        }
        else if (info.Type == typeof(PbFault))
        {
            foreach (var property in info.Properties)
            {
                property.ShouldSerialize = property.Name switch
                {
                    "client" => (fault, _) => ((PbFault)fault).NamesClerk,
                    "gap" => (fault, _) => ((PbFault)fault).HasGap,
                    "rate" => (fault, _) => ((PbFault)fault).Kind == PbFaultKind.DuplicateRequests,
                    "maxDelay" => (fault, _) => ((PbFault)fault).Kind is PbFaultKind.DuplicateRequests or PbFaultKind.ClerkTimeouts,
                    "timeout" => (fault, _) => ((PbFault)fault).Kind == PbFaultKind.ClerkTimeouts,
                    "moment" => (fault, _) => ((PbFault)fault).AtMoment,
                    "write" => (fault, _) => ((PbFault)fault).AtWrite,
                    _ => property.ShouldSerialize,
                };
            }
        }
    }
}
