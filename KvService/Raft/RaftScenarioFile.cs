using System.Text.Json;
using System.Text.Json.Serialization;
using LabRpc.Faults;

namespace KvService.Raft;

/// <summary>A failing Raft scenario as a file: the scenario, the implementation, the verdict and trace hash.</summary>
public sealed record RaftScenarioFile
{
    /// <summary>The format's name and version.</summary>
    public const string CurrentFormat = "labrpc-raft-scenario/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new DurationJsonConverter() },
    };

    /// <summary>The format (<see cref="CurrentFormat"/>).</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>The implementation as <c>--impl</c> names it.</summary>
    public string? Implementation { get; init; }

    /// <summary>The run's trace hash.</summary>
    public string? TraceHash { get; init; }

    /// <summary>The verdict's headline.</summary>
    public string? Verdict { get; init; }

    /// <summary>The scenario.</summary>
    public required RaftScenario Scenario { get; init; }

    /// <summary>The file of <paramref name="verdict"/>, naming the implementation as <paramref name="implementation"/>.</summary>
    public static RaftScenarioFile Of(RaftVerdict verdict, string? implementation = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new RaftScenarioFile
        {
            Implementation = implementation ?? verdict.Implementation, TraceHash = verdict.TraceHashText, Verdict = verdict.Headline, Scenario = verdict.Scenario,
        };
    }

    /// <summary>The file as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a file written by <see cref="ToJson"/>.</summary>
    public static RaftScenarioFile Parse(string json)
    {
        var file = JsonSerializer.Deserialize<RaftScenarioFile>(json, Json) ?? throw new ArgumentException("The scenario file is empty.");
        file.Scenario.Validate();
        return file;
    }

    /// <summary>Writes the file to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllText(path, ToJson() + "\n");
}
