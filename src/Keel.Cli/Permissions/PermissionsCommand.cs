using System.Text.Json;

namespace Keel.Cli.Permissions;

/// <summary>
/// <c>keel permissions check</c>: explains what the permission engine would decide for a tool call,
/// as one JSON object (<c>--batch</c>: one request per stdin line, one decision per stdout line).
/// </summary>
public static class PermissionsCommand
{
    public const string Usage = """
        Usage: keel permissions check --tool TOOL [--input JSON] [--cwd DIR] [--project DIR] [--mode MODE]
                                      [--allow RULE]... [--ask RULE]... [--deny RULE]... [--add-dir DIR]... [--settings FILE|JSON]
               keel permissions check --batch   (stdin: one {"tool","input","cwd","project","mode","allow","ask","deny","add_dirs"} per line)
        Prints {"decision":"allow|ask|deny","rule":...,"source":...,"reason":...}: what keel would decide for that tool call
        under this directory's settings, which rule decided and in which settings file it is. Exit code 0 when every
        request was understood, 2 otherwise.

          --tool TOOL          A tool name (Bash, Read, Edit, WebFetch, mcp__server__tool, ...)
          --input JSON         The tool's input, e.g. '{"command":"git push"}' or '{"file_path":"src/a.cs"}'
          --cwd DIR            The working directory of the call (default: the current one)
          --project DIR        The project root whose settings apply (default: found from --cwd)
          --mode MODE          default, acceptEdits, plan, dontAsk or bypassPermissions
          --allow/--ask/--deny RULE   Extra rules, as if given with --allowedTools / --disallowedTools
          --add-dir DIR        Another directory the tools may work in
          --settings FILE|JSON Extra settings above the project's
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<string, string?> getEnv, string cwd, TextReader stdin, Stream stdout, TextWriter stderr)
    {
        if (args.Any(static a => a is "-h" or "--help"))
        {
            // Asked for: the usage goes to stdout and the command succeeds, as for keel --help.
            await stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(Usage + "\n"));
            await stdout.FlushAsync();
            return 0;
        }

        if (args.Count == 0 || args[0] != "check")
        {
            await stderr.WriteLineAsync(args.Count == 0 ? Usage : $"Error: unknown permissions command '{args[0]}'.\n{Usage}");
            return 2;
        }

        var (options, error) = Parse(args, cwd);
        if (options is null)
        {
            await stderr.WriteLineAsync($"Error: {error}\n{Usage}");
            return 2;
        }

        var checker = new PermissionChecker(getEnv, options.Settings, stderr);
        using var buffered = new BufferedStream(stdout, 64 * 1024);
        await using var w = new Utf8JsonWriter(buffered, Headless.OutputJson.Options);
        if (!options.Batch)
        {
            var ok = checker.Check(options.Request!, w);
            await w.FlushAsync();
            buffered.Write("\n"u8);
            await buffered.FlushAsync();
            return ok ? 0 : 2;
        }

        var allOk = true;
        while (await stdin.ReadLineAsync() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var (request, lineError) = CheckRequest.FromJson(line, cwd);
            if (request is null)
            {
                w.WriteStartObject();
                w.WriteString("error", lineError);
                w.WriteEndObject();
                allOk = false;
            }
            else
            {
                allOk &= checker.Check(request, w);
            }

            await w.FlushAsync();
            w.Reset();
            buffered.Write("\n"u8);
        }

        await buffered.FlushAsync();
        return allOk ? 0 : 2;
    }

    private static (CheckOptions? Options, string? Error) Parse(IReadOnlyList<string> args, string cwd)
    {
        string? tool = null, input = null, checkCwd = null, project = null, mode = null, settings = null;
        var batch = false;
        List<string> allow = [], ask = [], deny = [], addDirs = [];
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--batch")
            {
                batch = true;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{arg} needs a value");
            }

            var value = args[++i];
            switch (arg)
            {
                case "--tool": tool = value; break;
                case "--input": input = value; break;
                case "--cwd": checkCwd = value; break;
                case "--project": project = value; break;
                case "--mode": mode = value; break;
                case "--settings": settings = value; break;
                case "--allow": allow.Add(value); break;
                case "--ask": ask.Add(value); break;
                case "--deny": deny.Add(value); break;
                case "--add-dir": addDirs.Add(value); break;
                default: return (null, $"unknown option '{arg}'");
            }
        }

        if (batch)
        {
            return (new CheckOptions(true, settings, null), null);
        }

        if (tool is null)
        {
            return (null, "--tool is required");
        }

        var parsed = input is null ? (CheckRequest.EmptyObject, null) : CheckRequest.ParseInput(input);
        if (parsed.Error is not null)
        {
            return (null, parsed.Error);
        }

        var request = new CheckRequest(tool, parsed.Item1, checkCwd is null ? cwd : Path.GetFullPath(checkCwd, cwd), project, mode, allow, ask, deny, addDirs);
        return (new CheckOptions(false, settings, request), null);
    }

    private sealed record CheckOptions(bool Batch, string? Settings, CheckRequest? Request);
}
