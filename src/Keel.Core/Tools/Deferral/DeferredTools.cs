using System.Text;
using System.Text.Json;
using Keel.Core.Model;

namespace Keel.Core.Tools.Deferral;

/// <summary>
/// The session's deferred tools: sent to the model by name only (in the dynamic part of the system prompt) until
/// ToolSearch loads them. Loaded tools are appended after the tools sent from the start, in the order they were
/// loaded, so the bytes of the prefix already cached never change. Loading is for the rest of the session: it
/// survives compaction, and the transcript records it so <c>-c</c> brings it back.
/// </summary>
public sealed class DeferredTools
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ITool> _deferred = new(StringComparer.Ordinal);
    private readonly List<ITool> _loaded = [];
    private Func<ITool, bool> _isOffered = static _ => true;

    /// <summary>Called with the names each load added (the transcript records them).</summary>
    public Action<IReadOnlyList<string>>? Recorded { get; set; }

    /// <summary>True when some tool is deferred (ToolSearch is offered, the listing is in the prompt).</summary>
    public bool Active
    {
        get
        {
            lock (_gate)
            {
                return _deferred.Count > 0;
            }
        }
    }

    /// <summary>How many loads happened so far; a request's tool list changes only when this does.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// Decides which of the <paramref name="tools"/> the model is offered are deferred, and returns the session's tool
    /// list: every tool, minus the loader (ToolSearch) when nothing ends up deferred.
    /// </summary>
    public IReadOnlyList<ITool> Configure(IReadOnlyList<ITool> tools, Func<ITool, bool> isOffered, ToolSearchMode mode, int contextWindow)
    {
        var offered = tools.Where(t => t is not IDeferredToolLoader && isOffered(t)).ToList();
        var tokens = offered.Sum(static t => EstimateTokens(t.Definition));
        lock (_gate)
        {
            _isOffered = isOffered;
            _deferred.Clear();
            if (mode.Defers(tokens, contextWindow))
            {
                foreach (var tool in offered.Where(static t => t.IsDeferrable))
                {
                    _deferred[tool.Name] = tool;
                }
            }

            return _deferred.Count > 0 ? tools : [.. tools.Where(static t => t is not IDeferredToolLoader)];
        }
    }

    /// <summary>
    /// Follows a change of the session's tools while it runs (an MCP server's list changed, it was reconnected, added or
    /// removed): while tools are deferred, new deferrable tools are deferred too, so the tools sent from the start (the
    /// cached prefix) stay the same bytes; ToolSearch finds them. A loaded tool that comes back under the same name
    /// stays loaded in its place; one that went away is no longer sent.
    /// </summary>
    public void Replace(Func<ITool, bool> removed, IEnumerable<ITool> added)
    {
        lock (_gate)
        {
            if (_deferred.Count == 0)
            {
                return;
            }

            var wasLoaded = _loaded.Where(removed).Select(static t => t.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in _deferred.Where(p => removed(p.Value)).Select(static p => p.Key).ToList())
            {
                _deferred.Remove(name);
            }

            var replacements = new Dictionary<string, ITool>(StringComparer.Ordinal);
            foreach (var tool in added.Where(t => t.IsDeferrable && _isOffered(t)))
            {
                _deferred[tool.Name] = tool;
                replacements[tool.Name] = tool;
            }

            var touched = false;
            for (var i = _loaded.Count - 1; i >= 0; i--)
            {
                var tool = _loaded[i];
                if (!removed(tool))
                {
                    continue;
                }

                touched = true;
                if (wasLoaded.Contains(tool.Name) && replacements.TryGetValue(tool.Name, out var replacement))
                {
                    _loaded[i] = replacement;
                }
                else
                {
                    _loaded.RemoveAt(i);
                }
            }

            // The loop re-reads the loaded definitions (the same bytes when a tool came back unchanged).
            if (touched)
            {
                Version++;
            }
        }
    }

    /// <summary>True when <paramref name="name"/> is deferred (loaded or not).</summary>
    public bool IsDeferred(string name)
    {
        lock (_gate)
        {
            return _deferred.ContainsKey(name);
        }
    }

    /// <summary>True when <paramref name="name"/> is deferred and not loaded yet: calling it is refused.</summary>
    public bool IsPending(string name)
    {
        lock (_gate)
        {
            return _deferred.ContainsKey(name) && !_loaded.Any(t => t.Name == name);
        }
    }

    /// <summary>The deferred tools not loaded yet, by name.</summary>
    public IReadOnlyList<ITool> Pending
    {
        get
        {
            lock (_gate)
            {
                return [.. _deferred.Values.Where(t => !_loaded.Contains(t)).OrderBy(static t => t.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The loaded tools' definitions, in load order (appended after the session's own tools).</summary>
    public IReadOnlyList<ToolDefinition> LoadedDefinitions
    {
        get
        {
            lock (_gate)
            {
                return [.. _loaded.Select(static t => t.Definition)];
            }
        }
    }

    /// <summary>Every deferred tool, for searching.</summary>
    public IReadOnlyList<ITool> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _deferred.Values.OrderBy(static t => t.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Loads the named deferred tools; returns those newly loaded (unknown, undeferred or loaded names are skipped).</summary>
    public IReadOnlyList<string> Load(IEnumerable<string> names, bool record = true)
    {
        List<string> added = [];
        lock (_gate)
        {
            foreach (var name in names)
            {
                if (_deferred.TryGetValue(name, out var tool) && !_loaded.Contains(tool))
                {
                    _loaded.Add(tool);
                    added.Add(name);
                }
            }

            if (added.Count > 0)
            {
                Version++;
            }
        }

        if (added.Count > 0 && record)
        {
            Recorded?.Invoke(added);
        }

        return added;
    }

    /// <summary>The system prompt section naming the deferred tools, or null when none is deferred.</summary>
    public string? Listing()
    {
        var all = All;
        if (all.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        text.Append("# Deferred tools\n\n")
            .Append("These tools exist but their schemas are not loaded, so they cannot be called yet. To use one, first call ToolSearch: ")
            .Append("\"select:Name1,Name2\" loads tools by exact name, other text searches names and descriptions. ")
            .Append("A loaded tool stays available for the rest of the session.\n\n");
        foreach (var tool in all)
        {
            text.Append(tool.Name).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Roughly what a definition costs in input tokens (the API's own count is not known before sending).</summary>
    public static long EstimateTokens(ToolDefinition definition) =>
        (definition.Name.Length + definition.Description.Length + SchemaLength(definition.InputSchema) + 3) / 4;

    private static int SchemaLength(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Undefined ? 0 : schema.GetRawText().Length;
}
