using LabRpc.Tests.Networking;
using Microsoft.Extensions.Logging;

namespace LabRpc.Tests.Runtime;

public sealed class LoggingTests
{
    private sealed class ListProvider : ILoggerProvider
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new ListLogger(Lines);

        public void Dispose() { }

        private sealed class ListLogger(List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Add(formatter(state, exception));
        }
    }

    [Test]
    public void NetworkEventsAreLoggedWithVirtualTimeAndNode()
    {
        var provider = new ListProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
        using var f = new NetworkFixture(1, new SimulationOptions { LoggerFactory = factory });
        f.Net.Reliable = false;
        var end = f.End("e");
        f.Sim.Run(async () =>
        {
            await f.Sim.Delay(TimeSpan.FromSeconds(2));
            for (int i = 0; i < 30; i++) await end.Call<string>("JunkServer.Handler2", i);
        });
        Assert.That(provider.Lines, Has.Some.Match(@"^\[ *2\.\d{6}s main#1\] call 1 JunkServer\.Handler2 from e to server: request sent"));
        Assert.That(provider.Lines, Has.Some.Match(@"\[ *\d+\.\d{6}s server#1\] call \d+ JunkServer\.Handler2: handler starts on server"));
        Assert.That(provider.Lines, Has.Some.Contain("dropped"));
        Assert.That(provider.Lines, Has.Some.Contain("reply delivered"));
    }
}
