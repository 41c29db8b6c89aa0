using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace KvService.Scenarios;

/// <summary>
/// Reads a JSON file strictly into a type, so that a mistake in a hand-edited file is not silently ignored: an unknown
/// field at any level, an unknown kind or enum value, a missing required field or a number that is not one is a
/// <see cref="ScenarioFileException"/> that names the file, the line, the place and the valid names. The scenario files of
/// every service read through it, each with its own serializer options.
/// </summary>
internal static class StrictJson
{
    /// <summary>Reads <paramref name="json"/> as a <typeparamref name="T"/> with <paramref name="options"/>; messages name
    /// <paramref name="source"/> and call the file a <paramref name="what"/> (e.g. "scenario file").</summary>
    /// <exception cref="ScenarioFileException">The text is not JSON, or not a valid <typeparamref name="T"/>.</exception>
    public static T Read<T>(string json, JsonSerializerOptions options, string source, string what) where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(options);
        CheckFields(json, options, typeof(T), source);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}{(e.Path is { } p ? $", at {p}" : "")})" : "";
            throw new ScenarioFileException($"{source} is not a valid {what}{where}: {e.Message}", e);
        }
        return value ?? throw new ScenarioFileException($"{source} holds no scenario (it is JSON null).");
    }

    /// <summary>The string value of the top-level field <paramref name="name"/> of the JSON object <paramref name="json"/>;
    /// null if there is none, it is not a string, or the text is not a JSON object (the reader then says what is wrong).</summary>
    public static string? TopLevelString(string json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            return FindString(reader, name);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Walks the JSON against the types it will be read into, so that what the serializer would ignore or report in its
    /// own terms (an unknown field at any level, an unknown fault kind or enum value, a missing required field, a number
    /// that is not one) is reported with its line, its place in the file and the valid names. Text that is not JSON is
    /// left to the serializer, which says where.
    /// </summary>
    private static void CheckFields(string json, JsonSerializerOptions options, Type root, string source)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read()) return;
            CheckValue(ref reader, options, options.GetTypeInfo(root), "the file", utf8, source);
        }
        catch (JsonException)
        {
            // Not well-formed JSON: the serializer reports it with its line.
        }
    }

    private static void CheckValue(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonTypeInfo info, string where, byte[] utf8, string source)
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
            var elementInfo = options.GetTypeInfo(element);
            for (int i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                CheckValue(ref reader, options, elementInfo, $"{where}[{i}]", utf8, source);
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
            info = options.GetTypeInfo(derived);
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
            CheckValue(ref reader, options, options.GetTypeInfo(property.PropertyType), where == "the file" ? name : $"{where}.{name}", utf8, source);
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

    /// <summary>The text of the file at <paramref name="path"/>.</summary>
    /// <exception cref="ScenarioFileException">The file is missing or unreadable.</exception>
    public static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioFileException($"cannot read {path}: {e.Message}", e);
        }
    }
}
