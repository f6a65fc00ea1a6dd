namespace Keel.Core.Permissions.Shell;

/// <summary>
/// Which options of a program take a value, so an option parser can find where operands (or
/// the inner command of a wrapper) start. Unknown options are reported, never guessed.
/// </summary>
internal sealed class OptionSpec(string shortFlags, string shortWithValue, string[] longFlags, string[] longWithValue)
{
    private readonly HashSet<string> _longFlags = new(longFlags, StringComparer.Ordinal);
    private readonly HashSet<string> _longWithValue = new(longWithValue, StringComparer.Ordinal);

    /// <summary>Treat <c>-5</c>, <c>-10</c> as options (nice).</summary>
    public bool NumericOptions { get; init; }

    /// <summary>
    /// Parses options from <paramref name="index"/>; returns the index of the first operand, or -1 when an
    /// option is unknown or not static. Options with their values are added to <paramref name="seen"/>.
    /// </summary>
    public int Parse(ShellArgs args, int index, List<(string Option, string? Value)> seen)
    {
        var i = index;
        while (i < args.Count)
        {
            var arg = args.Values[i];
            if (!args.Static[i])
            {
                return arg.StartsWith('-') ? -1 : i;
            }

            if (arg == "--")
            {
                return i + 1;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = arg.IndexOf('=');
                var name = eq < 0 ? arg : arg[..eq];
                if (_longWithValue.Contains(name))
                {
                    if (eq >= 0)
                    {
                        seen.Add((name, arg[(eq + 1)..]));
                        i++;
                    }
                    else
                    {
                        if (i + 1 >= args.Count)
                        {
                            return -1;
                        }

                        seen.Add((name, args.Values[i + 1]));
                        i += 2;
                    }

                    continue;
                }

                if (_longFlags.Contains(name))
                {
                    seen.Add((name, eq < 0 ? null : arg[(eq + 1)..]));
                    i++;
                    continue;
                }

                return -1;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                return i;
            }

            if (NumericOptions && arg.AsSpan(1).ToString().All(char.IsAsciiDigit))
            {
                seen.Add(("-n", arg[1..]));
                i++;
                continue;
            }

            var consumedNext = false;
            for (var k = 1; k < arg.Length; k++)
            {
                var c = arg[k];
                if (shortWithValue.Contains(c))
                {
                    if (k + 1 < arg.Length)
                    {
                        seen.Add(("-" + c, arg[(k + 1)..]));
                    }
                    else if (i + 1 < args.Count)
                    {
                        seen.Add(("-" + c, args.Values[i + 1]));
                        consumedNext = true;
                    }
                    else
                    {
                        return -1;
                    }

                    break;
                }

                if (!shortFlags.Contains(c))
                {
                    return -1;
                }

                seen.Add(("-" + c, null));
            }

            i += consumedNext ? 2 : 1;
        }

        return i;
    }
}
