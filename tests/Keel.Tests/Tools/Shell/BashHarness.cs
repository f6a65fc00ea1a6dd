using System.Text.Json;
using Keel.Core.Tools;
using Keel.Tools.Shell;
using Keel.Tools.Shell.Launching;

namespace Keel.Tests.Tools.Shell;

/// <summary>A temp project, a session over it, and the real Bash tool running real processes.</summary>
internal sealed class BashHarness : IDisposable
{
    private int _calls;

    public BashHarness(BashOptions? options = null, IShellLauncher? launcher = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "keel-bash-" + Guid.NewGuid().ToString("N"));
        Project = Path.Combine(Root, "project");
        Directory.CreateDirectory(Project);
        Session = new ToolSession(Project, [], Path.Combine(Root, "session"), TimeProvider.System);
        Tool = options is null && launcher is null ? ShellTools.CreateBash() : ShellTools.CreateBash(options ?? new BashOptions(), launcher);
    }

    public string Root { get; }

    public string Project { get; }

    public ToolSession Session { get; }

    public ITool Tool { get; }

    public List<string> Progress { get; } = [];

    public string LastToolUseId { get; private set; } = string.Empty;

    public Action<string>? OnProgress { get; set; }

    public async Task<ToolResult> RunAsync(string command, int? timeout = null, CancellationToken cancellationToken = default)
    {
        LastToolUseId = $"toolu_{++_calls}";
        var context = new ToolContext(LastToolUseId, Session, progress =>
        {
            lock (Progress)
            {
                Progress.Add(progress.Message);
            }

            OnProgress?.Invoke(progress.Message);
        });
        return await Tool.ExecuteAsync(Input(command, timeout), context, cancellationToken);
    }

    public static JsonElement Input(string command, int? timeout = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("command", command);
            if (timeout is not null)
            {
                writer.WriteNumber("timeout", timeout.Value);
            }

            writer.WriteString("description", "test");
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>True while the pid names a live process (a zombie awaiting its reaper counts as gone).</summary>
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A test that failed may leave a process writing here; the temp dir is disposable.
        }
    }
}
