using Keel.Core.Settings.Writing;
using Keel.Mcp.Config;

namespace Keel.Cli.Mcp;

public static partial class McpCommand
{
    private static int Add(string[] args, McpConfigFiles files, TextWriter stdout, TextWriter stderr)
    {
        var scope = "local";
        var transport = "stdio";
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var positional = new List<string>();
        var commandArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (arg)
            {
                case "--":
                    commandArgs.AddRange(args.Skip(i + 1));
                    i = args.Length;
                    break;
                case "-s" or "--scope":
                    scope = Next() ?? string.Empty;
                    break;
                case "-t" or "--transport":
                    transport = Next() ?? string.Empty;
                    break;
                case "-e" or "--env":
                    if (Next() is not { } pair || pair.IndexOf('=', StringComparison.Ordinal) is not (var eq and > 0))
                    {
                        stderr.WriteLine("Error: -e needs KEY=VALUE.");
                        return 2;
                    }

                    env[pair[..eq]] = pair[(eq + 1)..];
                    break;
                case "-H" or "--header":
                    if (Next() is not { } header || header.IndexOf(':', StringComparison.Ordinal) is not (var colon and > 0))
                    {
                        stderr.WriteLine("Error: -H needs \"Name: value\".");
                        return 2;
                    }

                    headers[header[..colon].Trim()] = header[(colon + 1)..].Trim();
                    break;
                default:
                    positional.Add(arg);
                    break;
            }
        }

        if (scope is not ("local" or "project" or "user"))
        {
            stderr.WriteLine($"Error: --scope must be local, project or user (got '{scope}').");
            return 2;
        }

        transport = transport == "streamable-http" ? "http" : transport;
        if (transport is not ("stdio" or "http" or "sse"))
        {
            stderr.WriteLine($"Error: --transport must be stdio, http or sse (got '{transport}').");
            return 2;
        }

        string name;
        string target;
        if (transport == "stdio")
        {
            // `add name -- cmd args` or `add name cmd args`.
            if (positional.Count == 0 || (commandArgs.Count == 0 && positional.Count < 2))
            {
                stderr.Write(Usage);
                return 2;
            }

            name = positional[0];
            var command = commandArgs.Count > 0 ? commandArgs : positional.Skip(1).ToList();
            target = command[0];
            commandArgs = [.. command.Skip(1)];
        }
        else
        {
            if (positional.Count != 2)
            {
                stderr.Write(Usage);
                return 2;
            }

            (name, target) = (positional[0], positional[1]);
            if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                stderr.WriteLine($"Error: {target} is not an http(s) URL.");
                return 2;
            }
        }

        var path = files.FileFor(scope);
        var error = SettingsWriter.Edit(path, edit =>
        {
            if (edit.Get([.. files.ServersPath(scope), name]) is not null)
            {
                return $"an MCP server named \"{name}\" already exists in {scope} scope ({path}); remove it first with: keel mcp remove -s {scope} {name}";
            }

            edit.Set([.. files.ServersPath(scope), name], Entry(transport, target, commandArgs, env, headers));
            return null;
        });
        if (error is not null)
        {
            stderr.WriteLine($"Error: {error}");
            return 1;
        }

        stdout.WriteLine($"Added {transport} MCP server \"{name}\" ({scope} scope) to {path}");
        return 0;
    }
}
