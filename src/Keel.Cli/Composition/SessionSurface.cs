using Keel.Core.Model;

namespace Keel.Cli.Composition;

/// <summary>What the surface that will drive a session brings to its composition.</summary>
/// <param name="PersonAnswers">
/// True when someone answers requests (the terminal, an SDK host over stdio): permission asks, questions and plan
/// reviews become request events. False for <c>-p</c>: asks are denied (or go to <c>--permission-prompt-tool</c>)
/// and the model is told nobody can answer questions.
/// </param>
/// <param name="ProjectTrusted">False keeps the project's own hooks from running (an untrusted interactive directory).</param>
/// <param name="Continuing">True for a session that goes on after an answer (interactive, stream-json input): background memory extraction runs only there.</param>
/// <param name="Client">The model client; null builds the provider router from the environment (tests inject one).</param>
/// <param name="ModelOptional">True for <c>keel mcp serve</c>: a missing API key is no error; a tool that needs the model says why when called.</param>
public sealed record SessionSurface(bool PersonAnswers, bool ProjectTrusted = true, bool Continuing = false, IModelClient? Client = null, bool ModelOptional = false)
{
    /// <summary>What an SDK host adds (callback hooks, in-process MCP servers, tools); null for every other surface.</summary>
    public HostAdditions? Host { get; init; }
}
