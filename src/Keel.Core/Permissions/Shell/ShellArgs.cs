namespace Keel.Core.Permissions.Shell;

/// <summary>A command's expanded arguments with where each came from.</summary>
internal sealed class ShellArgs
{
    public List<string> Values { get; } = [];

    public List<bool> Static { get; } = [];

    public List<ShellWord> Sources { get; } = [];

    public int Count => Values.Count;

    public void Add(ShellWord word)
    {
        if (word.IsStatic)
        {
            foreach (var value in word.Values)
            {
                Values.Add(value);
                Static.Add(true);
                Sources.Add(word);
            }
        }
        else
        {
            Values.Add(word.Raw);
            Static.Add(false);
            Sources.Add(word);
        }
    }

    public void Add(string value, bool isStatic, ShellWord source)
    {
        Values.Add(value);
        Static.Add(isStatic);
        Sources.Add(source);
    }

    public ShellArgs Slice(int start, int end)
    {
        var slice = new ShellArgs();
        for (var i = start; i < end; i++)
        {
            slice.Add(Values[i], Static[i], Sources[i]);
        }

        return slice;
    }

    /// <summary>The distinct source words of the arguments from <paramref name="start"/> on.</summary>
    public List<ShellWord> WordsFrom(int start)
    {
        var words = new List<ShellWord>();
        for (var i = start; i < Sources.Count; i++)
        {
            if (words.Count == 0 || !ReferenceEquals(words[^1], Sources[i]))
            {
                words.Add(Sources[i]);
            }
        }

        return words;
    }

    public bool AllStatic(int start, int end = -1)
    {
        for (var i = start; i < (end < 0 ? Static.Count : end); i++)
        {
            if (!Static[i])
            {
                return false;
            }
        }

        return true;
    }
}
