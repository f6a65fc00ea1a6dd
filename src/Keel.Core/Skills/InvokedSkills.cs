using System.Text;
using Keel.Core.Compaction;

namespace Keel.Core.Skills;

/// <summary>
/// The skills invoked in this session, newest last. Their instructions stay in effect for the rest
/// of the session, so a compaction re-attaches them (most recent first, within a budget).
/// </summary>
public sealed class InvokedSkills : ICompactionAttachment
{
    /// <summary>How much of the compacted context the re-attached skills may take.</summary>
    public const int MaxChars = 25_000;

    private readonly Lock _gate = new();
    private readonly List<(string Name, string Content)> _invoked = [];

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                return [.. _invoked.Select(static s => s.Name)];
            }
        }
    }

    /// <summary>Called with each invocation (the transcript keeps them, so <c>-c</c> re-attaches them too).</summary>
    public Action<string, string>? Recorded { get; set; }

    public void Record(string name, string content)
    {
        Restore([(name, content)]);
        Recorded?.Invoke(name, content);
    }

    /// <summary>Skills invoked before the session was resumed, oldest first; not recorded again.</summary>
    public void Restore(IEnumerable<(string Name, string Content)> skills)
    {
        lock (_gate)
        {
            foreach (var (name, content) in skills)
            {
                _invoked.RemoveAll(s => s.Name == name);
                _invoked.Add((name, content));
            }
        }
    }

    public string? Render()
    {
        List<(string Name, string Content)> invoked;
        lock (_gate)
        {
            invoked = [.. _invoked];
        }

        if (invoked.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        text.Append("Skills invoked earlier in this session; their instructions still apply:\n");
        var used = 0;
        for (var i = invoked.Count - 1; i >= 0; i--)
        {
            var (name, content) = invoked[i];
            var room = MaxChars - used;
            if (room <= 200)
            {
                text.Append("\n(older skills not re-attached for space: ").AppendJoin(", ", invoked.Take(i + 1).Select(static s => s.Name)).Append("; invoke them again if needed)\n");
                break;
            }

            var body = content.Length > room ? content[..room] + "\n[... cut for space; invoke the skill again for the rest]" : content;
            used += body.Length;
            text.Append("\n<skill name=\"").Append(name).Append("\">\n").Append(body.TrimEnd()).Append("\n</skill>\n");
        }

        return text.ToString();
    }
}
