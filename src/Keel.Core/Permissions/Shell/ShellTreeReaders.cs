namespace Keel.Core.Permissions.Shell;

/// <summary>How a command treats a directory operand.</summary>
internal enum TreeAccess
{
    /// <summary>It does not descend into it.</summary>
    None,

    /// <summary>It lists what is inside (names, sizes) without reading contents: <c>find</c>, <c>ls -R</c>, <c>du</c>.</summary>
    Names,

    /// <summary>It reads every file inside: <c>grep -r</c>, <c>rg</c>, <c>tar</c>, <c>cp -r</c>, <c>zip -r</c>.</summary>
    Contents,

    /// <summary>It changes every file inside: <c>rm -r</c>, <c>chmod -R</c>.</summary>
    Writes,
}

/// <summary>
/// Commands that walk directory trees, and the directory they walk when given none (<c>grep -r x</c>,
/// <c>rg x</c>, <c>find</c>, <c>du</c> walk the current directory). A deny rule on a file inside the
/// tree must stop them, not only a rule on the directory itself.
/// </summary>
internal static class ShellTreeReaders
{
    /// <summary>Archivers and copiers whose every directory word is read whole.</summary>
    public static readonly HashSet<string> Archivers = new(StringComparer.Ordinal)
    {
        "tar", "bsdtar", "gtar", "zip", "7z", "7za", "7zr", "jar", "scp", "rclone", "pax", "cpio", "afio", "ar", "mksquashfs", "genisoimage", "mkisofs", "xorriso", "borg", "restic", "duplicity", "zpaq", "rar", "lha", "unison",
    };

    private static readonly HashSet<string> Searchers = new(StringComparer.Ordinal) { "rg", "ag", "ack", "ack-grep", "pt", "ugrep", "sift", "rgrep" };

    /// <summary>The tree access of the command's directory operands, and whether it walks the current directory when it has none.</summary>
    public static (TreeAccess Access, bool ImplicitCwd) Classify(ShellCommand command)
    {
        var args = command.Arguments;
        var name = command.BaseName;
        switch (name)
        {
            case "grep" or "egrep" or "fgrep":
                return Recursive(args, "efmABCDd", 'r', 'R', ["--recursive", "--dereference-recursive", "--directories=recurse"]) || HasPair(args, "-d", "recurse") || HasPair(args, "--directories", "recurse")
                    ? (TreeAccess.Contents, true)
                    : (TreeAccess.None, false);
            case "rg":
                return (args.Contains("--files") || args.Contains("--type-list") ? TreeAccess.Names : TreeAccess.Contents, true);
            case "find":
                return (args.Any(a => a is "-exec" or "-execdir" or "-ok" or "-okdir" or "-fprint" or "-fprint0" or "-fprintf" or "-fls") ? TreeAccess.Contents : TreeAccess.Names, true);
            case "ls" or "dir" or "vdir":
                return Recursive(args, "IwT", 'R', '\0', ["--recursive"]) ? (TreeAccess.Names, true) : (TreeAccess.None, false);
            case "du" or "tree":
                return (TreeAccess.Names, true);
            case "diff":
                return Recursive(args, "IxXSFLCUD", 'r', '\0', ["--recursive"]) ? (TreeAccess.Contents, false) : (TreeAccess.None, false);
            case "cp":
                return Recursive(args, "tS", 'r', 'R', ["--recursive", "--archive"]) || Recursive(args, "tS", 'a', '\0', []) ? (TreeAccess.Contents, false) : (TreeAccess.None, false);
            case "rsync":
                return (TreeAccess.Contents, false);
            case "mv":
                return (TreeAccess.Writes, false);
            case "rm" or "chmod" or "chown" or "chgrp" or "shred":
                return Recursive(args, "", 'r', 'R', ["--recursive"]) ? (TreeAccess.Writes, false) : (TreeAccess.None, false);
            case "gzip" or "gunzip" or "zstd" or "bzip2" or "xz" or "md5sum" or "sha1sum" or "sha256sum" or "sha512sum" or "b2sum" or "md5deep" or "hashdeep" or "sha256deep":
                return Recursive(args, "", 'r', '\0', ["--recursive"]) ? (TreeAccess.Contents, false) : (TreeAccess.None, false);
            case "wc" or "cat" or "head" or "tail":
                return (TreeAccess.None, false);
            default:
                if (Searchers.Contains(name))
                {
                    return (TreeAccess.Contents, true);
                }

                return Archivers.Contains(name) ? (TreeAccess.Contents, false) : (TreeAccess.None, false);
        }
    }

    /// <summary>A short flag (also inside a bundle, before any value-taking letter) or one of the long forms.</summary>
    private static bool Recursive(IReadOnlyList<string> args, string takesValue, char flag, char other, string[] longForms)
    {
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return false;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (longForms.Any(l => arg == l || (l.Contains('=', StringComparison.Ordinal) ? false : arg.StartsWith(l + "=", StringComparison.Ordinal))))
                {
                    return true;
                }

                continue;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                continue;
            }

            for (var k = 1; k < arg.Length; k++)
            {
                if (arg[k] == flag || (other != '\0' && arg[k] == other))
                {
                    return true;
                }

                if (takesValue.Contains(arg[k], StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        return false;
    }

    private static bool HasPair(IReadOnlyList<string> args, string option, string value)
    {
        for (var i = 1; i + 1 < args.Count; i++)
        {
            if (args[i] == option && args[i + 1] == value)
            {
                return true;
            }
        }

        return args.Any(a => a == option + value || a == option + "=" + value);
    }
}
