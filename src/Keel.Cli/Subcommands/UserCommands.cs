using System.Text;
using System.Text.Json;
using Keel.Cli.Agents;
using Keel.Cli.Composition;
using Keel.Core.Agent.Subagents;
using Keel.Core.Settings;

namespace Keel.Cli.Subcommands;

/// <summary>
/// The words a user types as commands, never prompts: <c>doctor</c>, <c>auth</c>, <c>config</c>, <c>agents</c>,
/// <c>completion</c>, <c>update</c>. Any other first word still starts a session with it as the prompt.
/// </summary>
public static class UserCommands
{
    /// <summary>Subcommand words, for dispatch, help and shell completion.</summary>
    public static IReadOnlyList<string> Names { get; } = ["doctor", "auth", "config", "agents", "completion", "update"];

    public static bool Handles(string word) => Names.Contains(word, StringComparer.Ordinal);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, KeelEnvironment env, TextWriter stdout, TextWriter stderr)
    {
        var rest = args.Skip(1).ToList();
        switch (args[0])
        {
            case "doctor":
                return rest.Count == 0 ? await Doctor.RunAsync(env, stdout) : await UsageAsync(stderr, "keel doctor takes no arguments");
            case "auth":
                return await AuthAsync(rest, env, stdout, stderr);
            case "config":
                return await ConfigCommand.RunAsync(rest, env, stdout, stderr);
            case "agents":
                if (rest.Count > 0)
                {
                    return await UsageAsync(stderr, "keel agents takes no arguments");
                }

                await stdout.WriteLineAsync(AgentsCommand.Describe(AgentCatalog.ForSession(env.WorkingDirectory, env.GetEnv("HOME"), null)));
                return 0;
            case "completion":
                if (rest is [var shell] && CompletionScripts.For(shell) is { } script)
                {
                    await stdout.WriteAsync(script);
                    return 0;
                }

                return await UsageAsync(stderr, "usage: keel completion bash|zsh|fish");
            default:
                return rest.Count == 0 ? await UpdateAsync(stdout) : await UsageAsync(stderr, "keel update takes no arguments");
        }
    }

    private static async Task<int> UsageAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"Error: {message}");
        return 2;
    }

    /// <summary><c>keel auth status [--json]</c>: exit 0 when credentials are configured, 1 when not (the JSON is printed either way).</summary>
    private static async Task<int> AuthAsync(List<string> args, KeelEnvironment env, TextWriter stdout, TextWriter stderr)
    {
        if (args is not (["status"] or ["status", "--json"]))
        {
            return await UsageAsync(stderr, args is ["login", ..] or ["logout", ..]
                ? "Keel has no login of its own: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, an apiKeyHelper, or cloud credentials). keel auth status shows what is used."
                : "usage: keel auth status [--json]");
        }

        var settings = SettingsLoader.Load(SettingsLocations.ForProcess(env.GetEnv, env.WorkingDirectory, flagSettings: null));
        var state = AuthState.Read(env.GetEnv, settings);
        if (args.Contains("--json"))
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteBoolean("loggedIn", state.LoggedIn);
                w.WriteString("authMethod", state.LoggedIn ? (state.ApiKeySource == "apiKeyHelper" ? "apiKeyHelper" : state.ApiProvider == "firstParty" ? "api_key" : state.ApiProvider) : "none");
                w.WriteString("apiProvider", state.ApiProvider);
                w.WriteString("apiKeySource", state.ApiKeySource);
                w.WriteString("baseUrl", state.BaseUrl);
                w.WriteEndObject();
            }

            await stdout.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else if (state.LoggedIn)
        {
            await stdout.WriteLineAsync($"Logged in: {state.ApiKeySource} ({state.ApiProvider}, {state.BaseUrl})");
        }
        else
        {
            await stdout.WriteLineAsync($"Not logged in: no credentials for {state.ApiProvider}. To fix: {state.Fix}.");
        }

        return state.LoggedIn ? 0 : 1;
    }

    /// <summary>
    /// <c>keel update</c>: Keel is built from its source checkout, so updating is pulling and re-running install.sh
    /// there; install.sh records the checkout next to the binary.
    /// </summary>
    private static async Task<int> UpdateAsync(TextWriter stdout)
    {
        var marker = Environment.ProcessPath is { } binary ? Path.Combine(Path.GetDirectoryName(binary)!, ".keel-source") : null;
        var checkout = marker is not null && File.Exists(marker) ? File.ReadAllText(marker).Trim() : null;
        var text = new StringBuilder($"Keel {KeelVersion.Current} is installed from a source checkout; it does not update itself.\n");
        if (checkout is { Length: > 0 } && Directory.Exists(checkout))
        {
            text.Append("To update, run:\n  cd ").Append(checkout).Append(" && git pull && ./install.sh\n");
        }
        else
        {
            text.Append("To update, run in your Keel checkout:\n  git pull && ./install.sh\n");
        }

        await stdout.WriteAsync(text.ToString());
        return 0;
    }
}
