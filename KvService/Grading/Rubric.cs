using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using KvService.Suite;

namespace KvService.Grading;

/// <summary>
/// What a grade is made of: groups of tests with their points, the limits a submission runs under, and what happens to
/// code that does not run the same way twice. A rubric is a JSON file (<c>KvService/Grading/default-rubric.json</c> is the
/// default); its SHA-256 goes into every result, so a grade names the rubric that gave it.
/// </summary>
public sealed record Rubric
{
    /// <summary>The file name of the default rubric, next to the harness and in the repository.</summary>
    public const string DefaultFileName = "default-rubric.json";

    /// <summary>A name for reports.</summary>
    public string Name { get; init; } = "rubric";

    /// <summary>The lab the rubric grades (<see cref="GradedLabs"/>): <c>kv</c> (the default), <c>pb</c> or <c>raft</c>.</summary>
    public string Lab { get; init; } = "kv";

    /// <summary>The groups, in the order they run and are reported.</summary>
    public IReadOnlyList<RubricGroup> Groups { get; init; } = [];

    /// <summary>Time, memory and output limits.</summary>
    public RubricLimits Limits { get; init; } = new();

    /// <summary>How nondeterministic code is found and graded.</summary>
    public NondeterminismPolicy Nondeterminism { get; init; } = new();

    /// <summary>The SHA-256 of the rubric's file (or of its JSON, when it was not read from a file), in hex.</summary>
    [JsonIgnore]
    public string Hash { get; init; } = "";

    /// <summary>The most points a submission can get.</summary>
    [JsonIgnore]
    public double MaxPoints => Groups.Sum(g => g.Points);

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads and checks the rubric in <paramref name="path"/>.</summary>
    /// <exception cref="RubricException">The file is missing, is not JSON of this shape, or names something unknown.</exception>
    public static Rubric Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RubricException($"The rubric '{path}' cannot be read: {e.Message}");
        }
        return Parse(bytes, path);
    }

    /// <summary>The default rubric that ships with the harness.</summary>
    public static Rubric Default() => Default("kv");

    /// <summary>The file name of a lab's default rubric: <see cref="DefaultFileName"/> for the KV lab, <c>&lt;lab&gt;-rubric.json</c> for another.</summary>
    public static string DefaultFileNameOf(string lab) => lab == "kv" ? DefaultFileName : $"{lab}-rubric.json";

    /// <summary>The default rubric of <paramref name="lab"/>, built into the harness.</summary>
    /// <exception cref="RubricException">The lab has no default rubric.</exception>
    public static Rubric Default(string lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        using var stream = typeof(Rubric).Assembly.GetManifestResourceStream("KvService.Grading." + DefaultFileNameOf(lab))
            ?? throw new RubricException($"There is no default rubric for the lab '{lab}'; there are rubrics for {string.Join(", ", GradedLabs.All.Select(l => l.Name))}. Pass one with --rubric.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.ToArray(), $"the default rubric{(lab == "kv" ? "" : " of the " + lab + " lab")}");
    }

    /// <summary>Reads a rubric from the bytes of its file; <paramref name="source"/> names it in messages.</summary>
    public static Rubric Parse(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Rubric? rubric;
        try
        {
            rubric = JsonSerializer.Deserialize<Rubric>(bytes, Json);
        }
        catch (JsonException e)
        {
            throw new RubricException($"The rubric {source} is not valid: {e.Message}");
        }
        if (rubric is null) throw new RubricException($"The rubric {source} is empty.");
        rubric = rubric with { Hash = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
        rubric.Validate(source);
        return rubric;
    }

    /// <summary>Every test the rubric runs, group by group; hidden seeds' tests are marked hidden.</summary>
    public IReadOnlyList<GradeTest> Tests() => [.. Groups.SelectMany(g => g.Tests(GradedLabs.Of(Lab)))];

    private void Validate(string source)
    {
        if (Groups.Count == 0) throw new RubricException($"The rubric {source} has no groups.");
        var lab = GradedLabs.All.FirstOrDefault(l => l.Name == Lab)
            ?? throw new RubricException($"The rubric {source} names the lab '{Lab}'; there are {string.Join(", ", GradedLabs.All.Select(l => l.Name))}.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            if (string.IsNullOrWhiteSpace(group.Name)) throw new RubricException($"The rubric {source}: a group has no name.");
            if (!names.Add(group.Name)) throw new RubricException($"The rubric {source}: two groups are named '{group.Name}'.");
            if (group.Points < 0) throw new RubricException($"The rubric {source}: group '{group.Name}' has negative points.");
            if (new object?[] { group.Suite, group.Scenarios, group.Explore }.Count(x => x is not null) != 1)
                throw new RubricException($"The rubric {source}: group '{group.Name}' must have exactly one of \"suite\" (one of {string.Join(", ", lab.SuiteGroups)}), \"scenarios\" and \"explore\".");
            if (group.Suite is not null && !lab.SuiteGroups.Contains(group.Suite))
                throw new RubricException($"The rubric {source}: group '{group.Name}' names the suite group '{group.Suite}'; there are {string.Join(", ", lab.SuiteGroups)}.");
            if (group.Scenarios is not null && !lab.Sweeps)
                throw new RubricException($"The rubric {source}: group '{group.Name}' sweeps scenarios, but the {lab.Name} lab has no scenario sweep; use \"suite\" (one of {string.Join(", ", lab.SuiteGroups)}).");
            if (group.Explore is not null && !lab.Explores)
                throw new RubricException($"The rubric {source}: group '{group.Name}' explores, but the {lab.Name} lab has no exploration; use \"suite\"{(lab.Sweeps ? " or \"scenarios\"" : "")}.");
            group.Scenarios?.Validate($"The rubric {source}: group '{group.Name}'");
            group.Explore?.Validate($"The rubric {source}: group '{group.Name}'");
            if (!group.Tests(lab).Any()) throw new RubricException($"The rubric {source}: group '{group.Name}' has no tests.");
        }
        Limits.Validate($"The rubric {source}");
        Nondeterminism.Validate($"The rubric {source}");
    }
}
