using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LabRpc.Linearizability;

/// <summary>
/// Draws a checked history as one self-contained HTML page (styles, script and data inline, no
/// network): per part of the history, each client's operations as bars on a time line, the
/// longest linearizable prefix numbered in order, the operations that could not come next, for a
/// part found not linearizable from its unique values the contradiction in words with the
/// operations it names outlined, and on hover each operation's times and the model's state before
/// and after it.
/// </summary>
/// <remarks>
/// Check with <see cref="CheckOptions.ComputeLinearizations"/> set, or the page shows the bars
/// without linearizations. The x axis orders the call and return times of a part evenly, so
/// operations stay readable whatever the time unit; the tooltips give the real times.
/// </remarks>
public static partial class HistoryVisualizer
{
    private static readonly Lazy<string> Template = new(() =>
    {
        var assembly = typeof(HistoryVisualizer).Assembly;
        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream("LabRpc.Linearizability." + name)
                ?? throw new InvalidOperationException($"Resource {name} is missing from {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        var page = Read("HistoryPage.html");
        return Placeholder().Replace(page, m => m.Groups[1].Value switch
        {
            "STYLE" => Read("HistoryPage.css"),
            "SCRIPT" => Read("HistoryPage.js"),
            _ => m.Value,
        });
    });

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the page for <paramref name="result"/> to the file at <paramref name="path"/>.</summary>
    /// <param name="model">The model the history was checked against.</param>
    /// <param name="result">The check's result.</param>
    /// <param name="path">Where to write the page.</param>
    /// <param name="title">The page's heading.</param>
    /// <param name="formatTime">How to show a time on the axis and in tooltips (e.g. virtual nanoseconds as
    /// milliseconds); the number itself by default.</param>
    /// <param name="notes">Findings to list above the history, one per line (e.g. every violation of a verdict that
    /// covers more than linearizability); none by default.</param>
    public static void WriteHtml<TState, TInput, TOutput>(
        Model<TState, TInput, TOutput> model, CheckResult<TInput, TOutput> result, string path, string? title = null,
        Func<long, string>? formatTime = null, IReadOnlyList<string>? notes = null) =>
        File.WriteAllText(path, ToHtml(model, result, title, formatTime, notes));

    /// <summary>The page for <paramref name="result"/>, checked against <paramref name="model"/>
    /// (parameters as for <see cref="WriteHtml"/>).</summary>
    public static string ToHtml<TState, TInput, TOutput>(
        Model<TState, TInput, TOutput> model, CheckResult<TInput, TOutput> result, string? title = null,
        Func<long, string>? formatTime = null, IReadOnlyList<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(result);
        var page = new PageData(
            title ?? "Linearizability check",
            result.Outcome.ToString(),
            FormatElapsed(result.Elapsed),
            result.UnknownReason,
            [.. notes ?? []],
            [.. result.Partitions.Select(p => Part(model, p, formatTime ?? FormatNumber))]);
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

    private static PartData Part<TState, TInput, TOutput>(
        Model<TState, TInput, TOutput> model, PartitionResult<TInput, TOutput> part, Func<long, string> formatTime)
    {
        var operations = part.Operations
            .Select((op, i) => new OperationData(
                op.ClientId, op.Call, op.Return, model.Describe(op), part.HistoryIndexes[i],
                formatTime(op.Call), op.Return is { } r ? formatTime(r) : null))
            .ToArray();
        var linearizations = new List<LinearizationData>();
        var longestWith = Enumerable.Repeat(-1, operations.Length).ToArray();
        foreach (var order in part.Linearizations)
        {
            var state = model.InitialState;
            var steps = new List<StepData>(order.Count);
            foreach (var i in order)
            {
                var (ok, next) = LinearizabilityChecker.Apply(model, state, part.Operations[i]);
                if (!ok)
                {
                    break; // cannot happen for a linearization the checker found; draw what replays
                }
                state = next;
                steps.Add(new StepData(i, model.Describe(state)));
                if (longestWith[i] < 0)
                {
                    longestWith[i] = linearizations.Count;
                }
            }
            linearizations.Add(new LinearizationData([.. steps]));
        }
        return new PartData(
            part.Operations.Count > 0 ? model.DescribePart?.Invoke(part.Operations) : null,
            part.Outcome.ToString(),
            model.Describe(model.InitialState),
            operations,
            [.. linearizations],
            longestWith,
            [.. part.RejectedNext],
            part.Explanation,
            [.. part.Involved],
            part.LinearizationsComplete);
    }

    private static string FormatNumber(long time) => time.ToString(CultureInfo.InvariantCulture);

    private static string FormatElapsed(TimeSpan elapsed) =>
        elapsed.TotalSeconds >= 1
            ? elapsed.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture)
            : elapsed.TotalMilliseconds.ToString("0.0 ms", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{\{(STYLE|SCRIPT|TITLE|DATA)\}\}")]
    private static partial Regex Placeholder();

    private sealed record PageData(string Title, string Outcome, string Elapsed, string? Reason, string[] Notes, PartData[] Parts);

    private sealed record PartData(
        string? Name, string Outcome, string InitialState, OperationData[] Operations, LinearizationData[] Linearizations,
        int[] LongestWith, int[] RejectedNext, string? Explanation, int[] Involved, bool LinearizationsComplete);

    private sealed record OperationData(
        int Client, long Call, long? Return, string Text, int HistoryIndex, string CallText, string? ReturnText);

    private sealed record LinearizationData(StepData[] Steps);

    private sealed record StepData(int Operation, string State);
}
