using System.Globalization;
using System.Runtime.InteropServices;
using Keel.FakeServer;
using Keel.Testing.FakeServer;
using Keel.Testing.FakeServer.Scenario;

ServerOptions options;
IReadOnlyList<ScriptedResponse> script;
try
{
    options = ServerOptions.Parse(args);
    script = options.LongSessionTurns is null ? ScenarioParser.Load(options.Scenario) : [];
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException or System.Text.Json.JsonException)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync(ServerOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

await using var server = await FakeAnthropicServer.StartAsync(new FakeServerOptions { Port = options.Port });
var player = new ScriptPlayer(script, options.Mode);
var longSession = options.LongSessionTurns is { } turns ? new LongSessionResponder(turns) : null;
var clock = System.Diagnostics.Stopwatch.StartNew();
var timingsLock = new Lock();
if (options.RecordDirectory is { } dir)
{
    Directory.CreateDirectory(dir);
}

server.SetResponder(request =>
{
    if (options.RecordDirectory is { } recordTo)
    {
        File.WriteAllBytes(Path.Combine(recordTo, request.Number.ToString("D4", CultureInfo.InvariantCulture) + ".json"), request.Body);
    }

    if (options.Verbose)
    {
        Console.Error.WriteLine($"fake server: {request}");
    }

    if (options.TimingsFile is { } timingsFile)
    {
        var received = clock.Elapsed.TotalMilliseconds;
        _ = request.Served.ContinueWith(
            _ =>
            {
                lock (timingsLock)
                {
                    File.AppendAllText(timingsFile, string.Create(CultureInfo.InvariantCulture, $"{request.Number} {received:F3} {clock.Elapsed.TotalMilliseconds:F3}\n"));
                }
            },
            TaskScheduler.Default);
    }

    return longSession?.Next(request) ?? player.Next(request);
});

await Console.Out.WriteLineAsync($"listening {server.BaseUrl}");
await Console.Out.FlushAsync();

if (!options.IgnoreStdin)
{
    _ = WaitForStdinCloseAsync(stop);
}

try
{
    await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token);
}
catch (OperationCanceledException)
{
    // Normal shutdown.
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

static async Task WaitForStdinCloseAsync(CancellationTokenSource stop)
{
    await using var stdin = Console.OpenStandardInput();
    var buffer = new byte[256];
    while (await stdin.ReadAsync(buffer) > 0)
    {
        // Input is ignored; only its end matters.
    }

    await stop.CancelAsync();
}
