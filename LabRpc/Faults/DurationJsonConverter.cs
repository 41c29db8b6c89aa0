using System.Text.Json;
using System.Text.Json.Serialization;

namespace LabRpc.Faults;

/// <summary>Writes a <see cref="TimeSpan"/> as "250ms" or "1.5s"; reads those, "2m", or a plain number of milliseconds.</summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    /// <inheritdoc/>
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return TimeSpan.FromMilliseconds(reader.GetDouble());
        var text = reader.GetString() ?? "";
        return Durations.Parse(text) ?? throw new JsonException($"'{text}' is not a duration (write 250ms, 1.5s or 2m).");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Durations.Format(value));
    }
}
