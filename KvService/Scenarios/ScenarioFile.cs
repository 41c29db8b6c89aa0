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
        CheckFields(json, source);
        ScenarioFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ScenarioFile>(json, Json);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}{(e.Path is { } p ? $", at {p}" : "")})" : "";
            throw new ScenarioFileException($"{source} is not a valid scenario file{where}: {e.Message}", e);
        }
        if (file is null) throw new ScenarioFileException($"{source} holds no scenario (it is JSON null).");
        if (file.Format != CurrentFormat)
            throw new ScenarioFileException($"{source} has format '{file.Format}'; this version reads '{CurrentFormat}'.");
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
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioFileException($"cannot read {path}: {e.Message}", e);
        }
        return FromJson(json, path);
    }

    /// <summary>
    /// Walks the JSON against the types it will be read into, so that what the serializer would ignore or report in its
    /// own terms (an unknown field at any level, an unknown fault kind or enum value, a missing required field, a number
    /// that is not one) is reported with its line, its place in the file and the valid names. Text that is not JSON is
    /// left to the serializer, which says where.
    /// </summary>
    private static void CheckFields(string json, string source)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read()) return;
            CheckValue(ref reader, Json.GetTypeInfo(typeof(ScenarioFile)), "the file", utf8, source);
        }
        catch (JsonException)
        {
            // Not well-formed JSON: the serializer reports it with its line.
        }
    }

    private static void CheckValue(ref Utf8JsonReader reader, JsonTypeInfo info, string where, byte[] utf8, string source)
    {
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (reader.TokenType == JsonTokenType.Null) return;
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)).ToArray();
            if (reader.TokenType != JsonTokenType.String || !names.Contains(reader.GetString(), StringComparer.OrdinalIgnoreCase))
                throw Error(ref reader, utf8, source, $"{where} is {Shown(ref reader, utf8)}, which is not one of the valid values: {string.Join(", ", names)}.");
            return;
        }
        if (type == typeof(int) || type == typeof(long) || type == typeof(ulong))
        {
            bool fits = reader.TokenType == JsonTokenType.Number && (type == typeof(int) ? reader.TryGetInt32(out _)
                : type == typeof(long) ? reader.TryGetInt64(out _) : reader.TryGetUInt64(out _));
            if (!fits)
            {
                var (min, max) = type == typeof(int) ? ($"{int.MinValue}", $"{int.MaxValue}") : type == typeof(long) ? ($"{long.MinValue}", $"{long.MaxValue}") : ("0", $"{ulong.MaxValue}");
                throw Error(ref reader, utf8, source, $"{where} is {Shown(ref reader, utf8)}; it must be a whole number from {min} to {max}.");
            }
            return;
        }
        if (type == typeof(double))
        {
            if (reader.TokenType != JsonTokenType.Number) throw Error(ref reader, utf8, source, $"{where} is {Shown(ref reader, utf8)}; it must be a number (e.g. 0.25).");
            return;
        }
        if (type == typeof(string))
        {
            if (reader.TokenType != JsonTokenType.String) throw Error(ref reader, utf8, source, $"{where} is {Shown(ref reader, utf8)}; it must be a string in quotes.");
            return;
        }
        if (info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } element)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw Error(ref reader, utf8, source, $"{where} is {Shown(ref reader, utf8)}; it must be a list [ ... ].");
            var elementInfo = Json.GetTypeInfo(element);
            for (int i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                CheckValue(ref reader, elementInfo, $"{where}[{i}]", utf8, source);
            return;
        }
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            reader.Skip(); // durations and the like: their converters say what is wrong
            return;
        }
        if (reader.TokenType != JsonTokenType.StartObject) throw Error(ref reader, utf8, source, $"{where} is {Shown(ref reader, utf8)}; it must be an object {{ ... }}.");
        string? discriminator = null;
        var kindNote = "";
        if (info.PolymorphismOptions is { } polymorphism)
        {
            discriminator = polymorphism.TypeDiscriminatorPropertyName;
            var kinds = polymorphism.DerivedTypes.ToDictionary(d => (string)d.TypeDiscriminator!, d => d.DerivedType);
            var valid = string.Join(", ", kinds.Keys);
            var start = reader;
            var kind = FindString(reader, discriminator);
            if (kind is null)
                throw Error(ref start, utf8, source, $"{where} has no \"{discriminator}\"; give one of: {valid}.");
            if (!kinds.TryGetValue(kind, out var derived))
                throw Error(ref start, utf8, source, $"{where} has \"{discriminator}\": \"{kind}\", which is not one of the valid kinds: {valid}.");
            info = Json.GetTypeInfo(derived);
            kindNote = $" (kind {kind})";
        }
        var properties = info.Properties.Where(p => !Ignored(p)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var objectStart = reader;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            if (name == discriminator)
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            if (!properties.TryGetValue(name, out var property))
            {
                var fields = string.Join(", ", (discriminator is null ? properties.Keys : properties.Keys.Prepend(discriminator)));
                throw Error(ref reader, utf8, source, $"unknown field \"{name}\" in {where}{kindNote}. Valid fields there: {fields}.");
            }
            seen.Add(name);
            reader.Read();
            CheckValue(ref reader, Json.GetTypeInfo(property.PropertyType), where == "the file" ? name : $"{where}.{name}", utf8, source);
        }
        if (properties.Values.FirstOrDefault(p => p.IsRequired && !seen.Contains(p.Name)) is { } missing)
            throw Error(ref objectStart, utf8, source, $"{where} lacks the required field \"{missing.Name}\".");
    }

    /// <summary>A property the serializer never reads ([JsonIgnore]).</summary>
    private static bool Ignored(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.Always) == true;

    /// <summary>The string value of the property <paramref name="name"/> of the object that starts at <paramref name="reader"/> (a copy).</summary>
    private static string? FindString(Utf8JsonReader reader, string name)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            if (property == name && reader.TokenType == JsonTokenType.String) return reader.GetString();
            reader.Skip();
        }
        return null;
    }

    /// <summary>The current value as written in the file, for messages.</summary>
    private static string Shown(ref Utf8JsonReader reader, byte[] utf8)
    {
        if (reader.TokenType is JsonTokenType.StartObject) return "an object";
        if (reader.TokenType is JsonTokenType.StartArray) return "a list";
        var text = Encoding.UTF8.GetString(utf8, (int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex)).Trim();
        return text.Length > 40 ? text[..40] + "..." : text;
    }

    private static ScenarioFileException Error(ref Utf8JsonReader reader, byte[] utf8, string source, string message)
    {
        var line = 1 + utf8.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n');
        return new ScenarioFileException($"{source} (line {line}): {message}");
    }
}
