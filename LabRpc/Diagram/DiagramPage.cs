using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LabRpc.Diagram;

/// <summary>
/// Draws a <see cref="MessageDiagram"/> as one self-contained HTML page (no network access): a lane per node, an arrow per
/// message with its fate, and keys to step through the run event by event (→/← or j/k, Home/End, b for the next blamed
/// event); the events the verdict blames are red.
/// </summary>
public static partial class DiagramPage
{
    private static readonly Lazy<string> Template = new(() =>
    {
        var assembly = typeof(DiagramPage).Assembly;
        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream("LabRpc.Diagram." + name)
                ?? throw new InvalidOperationException($"Resource {name} is missing from {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        return Placeholder().Replace(Read("DiagramPage.html"), m => m.Groups[1].Value switch
        {
            "STYLE" => Read("DiagramPage.css"),
            "SCRIPT" => Read("DiagramPage.js"),
            _ => m.Value,
        });
    });

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the page for <paramref name="diagram"/> to <paramref name="path"/>.</summary>
    public static void WriteHtml(MessageDiagram diagram, string path, string? title = null, IReadOnlyList<string>? notes = null) =>
        File.WriteAllText(path, ToHtml(diagram, title, notes));

    /// <summary>The page for <paramref name="diagram"/>, headed <paramref name="title"/>, with <paramref name="notes"/> (the
    /// verdict's findings) above it.</summary>
    public static string ToHtml(MessageDiagram diagram, string? title = null, IReadOnlyList<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        var page = new PageData(
            title ?? "Message diagram",
            [.. notes ?? []],
            [.. diagram.Lanes],
            [.. diagram.Events.Select(e => new EventData(Time(e.Ticks), e.Lane, e.Kind.ToString(), e.Text, e.Blamed))],
            [.. diagram.Messages().Select(m => new MessageData(m.From, m.To, m.ToLane, m.Kind, m.Fate))]);
        // The default encoder escapes <, >, & and quotes, so the JSON cannot close its script tag.
        var data = JsonSerializer.Serialize(page, Json);
        var encodedTitle = WebUtility.HtmlEncode(page.Title);
        return Placeholder().Replace(Template.Value, m => m.Groups[1].Value switch
        {
            "TITLE" => encodedTitle,
            "DATA" => data,
            _ => m.Value,
        });
    }

    private static string Time(long ticks) =>
        (ticks / (double)TimeSpan.TicksPerMillisecond).ToString("0.###", CultureInfo.InvariantCulture) + " ms";

    [GeneratedRegex(@"\{\{(STYLE|SCRIPT|TITLE|DATA)\}\}")]
    private static partial Regex Placeholder();

    private sealed record PageData(string Title, string[] Notes, string[] Lanes, EventData[] Events, MessageData[] Messages);

    private sealed record EventData(string Time, int Lane, string Kind, string Text, bool Blamed);

    private sealed record MessageData(int From, int To, int ToLane, string Kind, string Fate);
}
