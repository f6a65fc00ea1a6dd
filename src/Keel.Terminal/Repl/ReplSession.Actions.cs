using System.Diagnostics;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Sessions;
using Keel.Terminal.Dialogs;
using Keel.Terminal.Screen;

namespace Keel.Terminal.Repl;

public sealed partial class ReplSession
{
    private static readonly string[] InstructionNames = ["AGENTS.md", "KEEL.md", "CLAUDE.md"];
    private static readonly string[] NoteTargets = ["AGENTS.md", "KEEL.md"];

    private const int ResumeListLimit = 50;
    private const int PreviewLines = 6;

    /// <summary>
    /// <c>/resume</c>: the project's other sessions, newest first, with first prompt, last activity, message count and
    /// branch; typing filters, the highlighted one is previewed, and the picked conversation is drawn into the scrollback.
    /// </summary>
    private void OfferResume()
    {
        var engine = _services.Engine;
        var directory = KeelPaths.ProjectSessionsDirectory(_services.ConfigDirectory, _services.Session.Tools.ProjectDirectory);
        var files = Directory.Exists(directory)
            ? new DirectoryInfo(directory).GetFiles("*.jsonl").Where(f => Path.GetFileNameWithoutExtension(f.Name) != engine.Id).OrderByDescending(static f => f.LastWriteTimeUtc).Take(ResumeListLimit).ToList()
            : [];
        var sessions = new List<(LoadedSession Session, FileInfo File)>();
        foreach (var file in files)
        {
            try
            {
                var loaded = TranscriptReader.Load(file.FullName);
                if (loaded.Messages.Count > 0)
                {
                    sessions.Add((loaded, file));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // An unreadable transcript is left out of the list.
            }
        }

        if (sessions.Count == 0)
        {
            AddNotice("  No other sessions in this project yet.\n");
            return;
        }

        var now = _time.GetUtcNow();
        var options = sessions.Select(s =>
        {
            var first = s.Session.Messages.FirstOrDefault(static m => m.Role == Role.User && m.Text.Length > 0)?.Text.ReplaceLineEndings(" ").Trim() ?? "(no prompt)";
            var age = Age(now - new DateTimeOffset(s.File.LastWriteTimeUtc, TimeSpan.Zero));
            var branch = s.Session.GitBranch is { } b ? $" · {b}" : string.Empty;
            return new ChoiceOption(first, $"{age} ago · {s.Session.Messages.Count} messages{branch}");
        }).ToList();
        var dialog = new ChoiceDialog("Resume which session?", [], options)
        {
            Filterable = true,
            MaxVisible = 8,
            Preview = i => SessionPreview(sessions[i].Session.Messages),
        };
        _ = PickThen(dialog, result =>
        {
            var picked = sessions[result.Selected[0]].Session;
            _ = engine.Submit(new ResumeConversation(picked.Messages, picked.SessionId));
            _services.View.Replay(picked.Messages, _services.DescribeCall, _services.ReplayTurns);
            AddNotice($"  Resumed {picked.SessionId} ({picked.Messages.Count} messages); new turns are saved in this session.\n");
        });
    }

    /// <summary>
    /// <c>/model</c>: every model Keel knows, with its aliases, id, context window and price (and provider when there
    /// are several); typing filters; the pick applies from the next request.
    /// </summary>
    private void OfferModels()
    {
        var models = ModelCatalog.All.ToList();
        var current = _services.Engine.Model;
        var providers = models.Select(static m => m.Provider).Distinct(StringComparer.Ordinal).Count();
        var options = models.Select(m =>
        {
            var aliases = string.Join(", ", ModelCatalog.AliasesOf(m.Id));
            var label = (aliases.Length > 0 ? $"{aliases} · " : string.Empty) + m.Id + (string.Equals(m.Id, current, StringComparison.OrdinalIgnoreCase) ? "  (current)" : string.Empty);
            var context = m.ContextWindow >= 1_000_000 ? $"{m.ContextWindow / 1_000_000}M" : $"{m.ContextWindow / 1000}k";
            var provider = providers > 1 ? $" · {m.Provider}" : string.Empty;
            return new ChoiceOption(label, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m.DisplayName} · {context} context · ${m.InputPerMTok:0.##}/${m.OutputPerMTok:0.##} per MTok in/out{provider}"));
        }).ToList();
        var dialog = new ChoiceDialog("Switch to which model?", [$"Now: {current}"], options) { Filterable = true, MaxVisible = 10 };
        _ = PickThen(dialog, result =>
        {
            var model = models[result.Selected[0]].Id;
            AddNotice($"  Model set to {model}.\n");
            _ = _services.Engine.Submit(new SetModel(model)).ContinueWith(_ => Post(RefreshStatusLine), TaskScheduler.Default);
        });
    }

    /// <summary>The last few things said in a session, one line each.</summary>
    private static List<string> SessionPreview(IReadOnlyList<Message> messages)
    {
        var said = new List<string>();
        for (var i = messages.Count - 1; i >= 0 && said.Count < PreviewLines; i--)
        {
            var text = messages[i].Text.ReplaceLineEndings(" ").Trim();
            if (text.Length > 0 && !text.StartsWith("<system-reminder>", StringComparison.Ordinal))
            {
                said.Add((messages[i].Role == Role.User ? "> " : "  ") + text);
            }
        }

        said.Reverse();
        return said;
    }

    private void OfferMemory()
    {
        var project = _services.Session.Tools.ProjectDirectory;
        var candidates = InstructionNames.Select(n => Path.Combine(project, n)).ToList();
        var files = candidates.Where(File.Exists).Append(Path.Combine(_services.ConfigDirectory, "KEEL.md")).Distinct(StringComparer.Ordinal).ToList();
        if (!files.Take(files.Count - 1).Any())
        {
            files.Insert(0, candidates[0]);
        }

        var options = files.Select(f => new ChoiceOption(f, File.Exists(f) ? null : "(will be created)")).ToList();
        if (_services.Memory is { } memory)
        {
            AddNotice(Indent(memory.Describe().TrimEnd()) + "\n");
            var memories = memory.Files();
            files.AddRange(memories);
            options.AddRange(memories.Select(f => new ChoiceOption(f, File.Exists(f) ? "(memory)" : "(memory index, will be created)")));
            options.Add(new ChoiceOption(memory.Enabled() ? "Turn auto memory off" : "Turn auto memory on", "(from the next session)"));
        }

        _ = PickThen(
            new ChoiceDialog("Edit which instruction or memory file?", [], options),
            result =>
            {
                var picked = result.Selected[0];
                if (picked < files.Count)
                {
                    OpenEditor(files[picked]);
                }
                else if (_services.Memory is { } toggle)
                {
                    AddNotice("  " + toggle.Toggle() + "\n");
                }
            });
    }

    /// <summary>Hands the terminal to $EDITOR (cooked mode, no input reading), then takes it back and redraws.</summary>
    private void OpenEditor(string file)
    {
        var editor = _services.GetEnv("VISUAL") ?? _services.GetEnv("EDITOR") ?? "vi";
        var (width, height) = _io.Size;
        _io.Write(_region.Render(new Frame([], [], null), width, height));
        _region.Reset();
        _io.Suspend();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec " + editor + " \"$1\"");
            start.ArgumentList.Add("sh");
            start.ArgumentList.Add(file);
            using var process = Process.Start(start);
            process?.WaitForExit();
            AddNotice($"  Edited {file}; the change applies from the next session.\n");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            AddNotice($"  Could not start {editor}: {ex.Message}\n");
        }
        finally
        {
            _io.Resume();
        }
    }

    /// <summary><c>#note</c>: one more line in the project's AGENTS.md (or KEEL.md); asks which when neither exists.</summary>
    private void AddNote(string note)
    {
        var project = _services.Session.Tools.ProjectDirectory;
        var existing = NoteTargets.Select(n => Path.Combine(project, n)).FirstOrDefault(File.Exists);
        if (existing is not null)
        {
            AppendNote(existing, note);
            return;
        }

        _ = PickThen(
            new ChoiceDialog($"Add \"{note}\" to which new instruction file?", [project], [new ChoiceOption("AGENTS.md", "read by most coding agents"), new ChoiceOption("KEEL.md", "read by Keel only")]),
            result => AppendNote(Path.Combine(project, result.Selected[0] == 0 ? "AGENTS.md" : "KEEL.md"), note));
    }

    private void AppendNote(string file, string note)
    {
        try
        {
            var separator = File.Exists(file) && new FileInfo(file).Length > 0 && !File.ReadAllText(file).EndsWith('\n') ? "\n" : string.Empty;
            File.AppendAllText(file, $"{separator}- {note}\n");
            AddNotice($"> #{note}\n  Added to {file}\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AddNotice($"  Could not write {file}: {ex.Message}\n");
        }
    }

    private void RunShell(string command)
    {
        if (_services.RunShell is not { } run)
        {
            AddNotice("  Shell commands are not available in this session.\n");
            return;
        }

        AddNotice($"! {command}");
        Busy = true;
        var cts = new CancellationTokenSource();
        _turn = cts;
        _ = Task.Run(async () =>
        {
            ShellResult result;
            try
            {
                result = await run(command, cts.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                result = new ShellResult(ex.Message, IsError: true);
            }

            Post(() =>
            {
                _shellContext.Add(ShellContext(command, result));
                var lines = result.Output.TrimEnd().Split('\n');
                var shown = lines.Length > 40 ? [.. lines.Take(20), $"… {lines.Length - 40} lines …", .. lines.TakeLast(20)] : lines;
                AddNotice(string.Join('\n', shown.Select(l => (result.IsError ? "  ✗ " : "  ") + l)) + "\n");
                OnTurnEnded(cts);
            });
        });
    }

    private const int ShellContextChars = 30_000;

    /// <summary>A <c>!command</c> and its output as the model will read it with the next prompt (long output keeps its head and tail).</summary>
    private static string ShellContext(string command, ShellResult result)
    {
        var output = result.Output.TrimEnd();
        if (output.Length > ShellContextChars)
        {
            output = output[..(ShellContextChars / 2)] + $"\n… {output.Length - ShellContextChars} characters cut …\n" + output[^(ShellContextChars / 2)..];
        }

        var stream = result.IsError ? "bash-stderr" : "bash-stdout";
        return $"<bash-input>{command}</bash-input>\n<{stream}>{output}</{stream}>";
    }

    /// <summary>Shows a picker and runs <paramref name="then"/> on the loop with the answer (nothing when dismissed).</summary>
    private async Task PickThen(ChoiceDialog dialog, Action<ChoiceResult> then)
    {
        _guard.Requested(dialog);
        var result = await ShowAsync(dialog, CancellationToken.None);
        if (result is not null)
        {
            Post(() => then(result));
        }
    }

    private static string Age(TimeSpan age) => age.TotalMinutes < 60 ? $"{Math.Max(1, (int)age.TotalMinutes)} min"
        : age.TotalHours < 48 ? $"{(int)age.TotalHours} h"
        : $"{(int)age.TotalDays} days";
}
