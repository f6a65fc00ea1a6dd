namespace Keel.Core.Permissions.Shell;

/// <summary>
/// Which arguments of a recognised file command are paths it reads or writes. Unrecognised
/// commands return nothing: they need an allow rule, and the sandbox bounds them.
/// </summary>
internal static class ShellFileOperands
{
    private static readonly HashSet<string> NoPaths = new(StringComparer.Ordinal) { "echo", "printf", "true", "false", "which", "type", "basename", "dirname", "whoami", "id", "uname", "seq", "tr", "pwd", "cd", "pushd", "popd" };
    private static readonly HashSet<string> PatternFirst = new(StringComparer.Ordinal) { "grep", "egrep", "fgrep", "rg" };
    private static readonly HashSet<string> WritesAll = new(StringComparer.Ordinal) { "rm", "rmdir", "mkdir", "touch", "tee", "truncate", "shred", "unlink" };
    private static readonly HashSet<string> WritesLast = new(StringComparer.Ordinal) { "cp", "mv", "ln", "install", "rsync" };
    private static readonly HashSet<string> WritesAfterFirst = new(StringComparer.Ordinal) { "chmod", "chown", "chgrp" };

    // Short and long options that take a separate value, per command (the value is not a path unless listed in PathValues).
    private static readonly Dictionary<string, (string Short, string[] Long)> Values = new(StringComparer.Ordinal)
    {
        ["head"] = ("nc", ["--lines", "--bytes"]),
        ["tail"] = ("ncs", ["--lines", "--bytes", "--sleep-interval", "--pid", "--max-unchanged-stats"]),
        ["grep"] = ("efmABCDd", ["--regexp", "--file", "--max-count", "--after-context", "--before-context", "--context", "--devices", "--directories", "--label", "--include", "--exclude", "--exclude-dir", "--exclude-from", "--binary-files", "--group-separator"]),
        ["rg"] = ("efgtTmABCjMrEdV", ["--regexp", "--file", "--glob", "--iglob", "--type", "--type-not", "--max-count", "--after-context", "--before-context", "--context", "--threads", "--max-columns", "--replace", "--encoding", "--max-depth", "--sort", "--sortr", "--type-add", "--color", "--colors", "--max-filesize", "--path-separator", "--context-separator", "--field-match-separator", "--ignore-file", "--engine", "--dfa-size-limit", "--regex-size-limit"]),
        ["cut"] = ("bcdf", ["--bytes", "--characters", "--delimiter", "--fields", "--output-delimiter"]),
        ["sort"] = ("ktoST", ["--key", "--field-separator", "--output", "--buffer-size", "--temporary-directory", "--batch-size", "--parallel", "--files0-from", "--compress-program", "--random-source"]),
        ["uniq"] = ("fsw", ["--skip-fields", "--skip-chars", "--check-chars"]),
        ["nl"] = ("bdfhilnsvw", ["--body-numbering", "--section-delimiter", "--footer-numbering", "--header-numbering", "--line-increment", "--join-blank-lines", "--number-format", "--number-separator", "--starting-line-number", "--number-width"]),
        ["diff"] = ("IxXSFLCUD", ["--ignore-matching-lines", "--exclude", "--exclude-from", "--starting-file", "--show-function-line", "--label", "--from-file", "--to-file", "--width", "--tabsize", "--line-format", "--palette", "--horizon-lines"]),
        ["ls"] = ("IwT", ["--ignore", "--hide", "--width", "--tabsize", "--block-size", "--format", "--sort", "--time", "--time-style", "--quoting-style", "--indicator-style"]),
        ["du"] = ("BdtX", ["--block-size", "--max-depth", "--threshold", "--exclude", "--exclude-from", "--files0-from", "--time-style"]),
        ["tree"] = ("LPIoH", ["--filelimit", "--charset", "--sort", "--timefmt", "--fromfile"]),
        ["stat"] = ("c", ["--format", "--printf"]),
        ["file"] = ("mfFeP", ["--magic-file", "--files-from", "--separator", "--exclude", "--parameter"]),
        ["tac"] = ("s", ["--separator"]),
        ["cmp"] = ("in", ["--ignore-initial", "--bytes"]),
        ["date"] = ("dfrs", ["--date", "--file", "--reference", "--set"]),
        ["realpath"] = ("", ["--relative-to", "--relative-base"]),
        ["wc"] = ("", ["--files0-from"]),
        ["sed"] = ("efl", ["--expression", "--file", "--line-length"]),
        ["find"] = ("", []),
        ["cp"] = ("tS", ["--target-directory", "--suffix", "--backup", "--reflink", "--sparse", "--preserve", "--no-preserve"]),
        ["mv"] = ("tS", ["--target-directory", "--suffix", "--backup"]),
        ["ln"] = ("tS", ["--target-directory", "--suffix", "--backup"]),
        ["install"] = ("tgmoS", ["--target-directory", "--group", "--mode", "--owner", "--suffix"]),
        ["chmod"] = ("", ["--reference"]),
        ["chown"] = ("", ["--reference", "--from"]),
        ["chgrp"] = ("", ["--reference"]),
        ["truncate"] = ("sr", ["--size", "--reference"]),
        ["tee"] = ("", ["--output-error"]),
        ["mkdir"] = ("m", ["--mode", "--context"]),
        ["touch"] = ("dtr", ["--date", "--reference", "--time"]),
        ["shred"] = ("nsu", ["--iterations", "--size", "--random-source"]),
        ["rm"] = ("", []),
    };

    // Option values that are themselves files the command reads or writes.
    private static readonly HashSet<string> ReadValues = new(StringComparer.Ordinal) { "--file", "--exclude-from", "--files0-from", "--from-file", "--to-file", "--reference", "--magic-file", "--files-from", "--ignore-file", "--fromfile" };

    private static bool IsReadValue(string name, string option) =>
        ReadValues.Contains(option)
        || (option == "-f" && name is "grep" or "egrep" or "fgrep" or "rg" or "sed" or "file" or "date")
        || (option == "-r" && name is "date" or "touch" or "truncate")
        || (option == "-m" && name == "file")
        || (option == "-X" && name is "du" or "diff");

    private static bool IsWriteValue(string name, string option) =>
        (option is "-o" or "--output" && name is "sort" or "tree")
        || (option is "-t" or "--target-directory" && WritesLast.Contains(name));

    /// <summary>True for commands that open none of their words (<c>echo</c>, <c>printf</c>, …).</summary>
    public static bool OpensNoOperands(string name) => NoPaths.Contains(name);

    /// <summary>True when <see cref="Find"/> knows which words of this command are paths (the rest are not opened).</summary>
    public static bool IsKnown(string name) =>
        NoPaths.Contains(name) || Values.ContainsKey(name is "egrep" or "fgrep" ? "grep" : name) || ReadOnlyCommands.Names.Contains(name) || WritesAll.Contains(name) || WritesLast.Contains(name) || name is "dd" or "find";

    public static List<(int Index, string? Value, PathAccess Access)> Find(ShellCommand command)
    {
        var result = new List<(int, string?, PathAccess)>();
        var name = command.BaseName;
        if (command.Arguments.Count == 0 || NoPaths.Contains(name) || command.Has(ShellCommandFlags.NonStaticCommandWord))
        {
            return result;
        }

        if (name == "find")
        {
            // Leading -H -L -P -D opts -Olevel come before the start points.
            var first = 1;
            while (first < command.Arguments.Count && command.Arguments[first] is "-H" or "-L" or "-P" or "-D" || (first < command.Arguments.Count && command.Arguments[first].StartsWith("-O", StringComparison.Ordinal)))
            {
                first += command.Arguments[first] == "-D" ? 2 : 1;
            }

            for (var i = first; i < command.Arguments.Count && !IsFindExpression(command.Arguments[i], command.ArgumentIsStatic[i]); i++)
            {
                result.Add((i, null, PathAccess.Read));
            }

            return result;
        }

        if (name == "dd")
        {
            for (var i = 1; i < command.Arguments.Count; i++)
            {
                var arg = command.Arguments[i];
                if (arg.StartsWith("if=", StringComparison.Ordinal))
                {
                    result.Add((i, arg[3..], PathAccess.Read));
                }
                else if (arg.StartsWith("of=", StringComparison.Ordinal))
                {
                    result.Add((i, arg[3..], PathAccess.Write));
                }
            }

            return result;
        }

        if (!Values.TryGetValue(name is "egrep" or "fgrep" ? "grep" : name, out var spec) && !ReadOnlyCommands.Names.Contains(name) && !WritesAll.Contains(name) && !WritesLast.Contains(name))
        {
            return result;
        }

        var operands = new List<int>();
        var hasExplicitPattern = false;
        var inPlace = false;
        string? targetDirectory = null;
        var endOfOptions = false;
        for (var i = 1; i < command.Arguments.Count; i++)
        {
            var arg = command.Arguments[i];
            if (endOfOptions || !command.ArgumentIsStatic[i] || arg == "-" || !arg.StartsWith('-'))
            {
                operands.Add(i);
                continue;
            }

            if (arg == "--")
            {
                endOfOptions = true;
                continue;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = arg.IndexOf('=');
                var option = eq < 0 ? arg : arg[..eq];
                inPlace |= name == "sed" && option == "--in-place";
                if (spec.Long?.Contains(option) == true)
                {
                    var value = eq >= 0 ? arg[(eq + 1)..] : (i + 1 < command.Arguments.Count ? command.Arguments[++i] : null);
                    hasExplicitPattern |= option is "--regexp" or "--file" or "--expression";
                    Classify(name, option, value, i, result, ref targetDirectory);
                }

                continue;
            }

            for (var k = 1; k < arg.Length; k++)
            {
                var c = arg[k];
                inPlace |= name == "sed" && c == 'i';
                if (name == "sed" && c == 'i')
                {
                    break;
                }

                if (spec.Short?.Contains(c) == true)
                {
                    var value = k + 1 < arg.Length ? arg[(k + 1)..] : (i + 1 < command.Arguments.Count ? command.Arguments[++i] : null);
                    hasExplicitPattern |= c is 'e' or 'f' && (PatternFirst.Contains(name) || name == "sed");
                    Classify(name, "-" + c, value, i, result, ref targetDirectory);
                    break;
                }
            }
        }

        if ((PatternFirst.Contains(name) || name == "sed") && !hasExplicitPattern && operands.Count > 0 && !command.Arguments.Contains("--files"))
        {
            operands.RemoveAt(0);
        }

        if (WritesAfterFirst.Contains(name) && operands.Count > 0 && !command.Arguments.Any(a => a.StartsWith("--reference", StringComparison.Ordinal)))
        {
            operands.RemoveAt(0);
        }

        for (var k = 0; k < operands.Count; k++)
        {
            var access = PathAccess.Read;
            if (WritesAll.Contains(name) || WritesAfterFirst.Contains(name) || (name == "sed" && inPlace) || name == "mv")
            {
                access = PathAccess.Write;
            }
            else if (WritesLast.Contains(name) && targetDirectory is null && k == operands.Count - 1)
            {
                access = PathAccess.Write;
            }
            else if (name == "uniq" && k == 1)
            {
                access = PathAccess.Write;
            }

            result.Add((operands[k], null, access));
        }

        return result;
    }

    private static void Classify(string name, string option, string? value, int index, List<(int, string?, PathAccess)> result, ref string? targetDirectory)
    {
        if (value is null)
        {
            return;
        }

        if (option is "-t" or "--target-directory" && WritesLast.Contains(name))
        {
            targetDirectory = value;
        }

        if (IsWriteValue(name, option))
        {
            result.Add((index, value, PathAccess.Write));
        }
        else if (IsReadValue(name, option))
        {
            result.Add((index, value, PathAccess.Read));
        }
    }

    private static bool IsFindExpression(string arg, bool isStatic) =>
        isStatic && (arg.StartsWith('-') || arg is "(" or ")" or "!" or ",");
}
