using System.Diagnostics;
using System.Text.RegularExpressions;
using Keel.Core.Permissions;
using Keel.Core.Permissions.Shell;

namespace Keel.Tests.Core.Permissions.Shell.Round2;

/// <summary>
/// Differential check: generated commands run in a scratch directory under <c>strace -f -e trace=file</c>;
/// every file inside the scratch directory they actually open, create, remove or rename must be in the
/// analyzer's predicted set (a listed file, or below a predicted tree). A miss means a deny rule could be
/// beaten by that command shape.
/// </summary>
public sealed partial class ShellDifferentialTests : IDisposable
{
    private static readonly string[] Readers = ["cat", "head -n 1", "tail -n 1", "wc -l", "sort", "uniq", "cut -c1", "nl", "tac", "rev", "od -c", "xxd", "base64", "md5sum", "strings", "grep x", "sed -n 1p", "diff a.txt", "cmp a.txt", "file", "stat", "du", "ls -l", "awk '{print}'", "fold", "expand", "paste"];
    private static readonly string[] Operands = ["a.txt", "sub/b.txt", "./a.txt", "sub/../a.txt", "*.txt", "sub/*", "s?b/b.txt", "/proc/self/cwd/a.txt", "/dev/fd/../cwd/sub/b.txt"];
    private static readonly string[] Shapes =
    [
        "grep -r x .", "grep -rl b sub", "rg x", "rg -l x sub", "find .", "find sub -type f", "find . -name '*.txt' -exec cat {} +", "ls -R", "ls -la sub", "du -a", "tree",
        "tar cf {out} sub", "tar cf {out} .", "zip -qr {out}.zip sub", "cp -r sub {out}", "cp a.txt {out}", "cp a.txt sub/", "mv c.txt d.txt", "rm c.txt", "rm -r gone", "mkdir -p n1/n2", "touch t.txt",
        "echo hi > w.txt", "echo hi >> sub/w.txt", "cat < a.txt", "cat a.txt | tee t2.txt > /dev/null", "sort -o s.txt a.txt", "cd sub && cat b.txt", "cd sub && cat ../a.txt", "pushd sub >/dev/null && cat b.txt",
        "timeout 5 cat a.txt", "nice cat sub/b.txt", "env cat a.txt", "bash -c 'cat a.txt'", "sh -c 'cd sub; cat b.txt'", "for f in a.txt sub/b.txt; do cat \"$f\"; done", "cat a.txt; cat sub/b.txt",
        "diff -r sub sub2", "chmod 600 a.txt", "ln -s a.txt l.txt", "truncate -s 0 c.txt", "dd if=a.txt of=dd.txt status=none", "tee t3.txt < a.txt > /dev/null", "cat a.txt 2>/dev/null > x.txt",
        "head -c 1 /proc/self/cwd/sub/b.txt", "cat /dev/stdin < a.txt", "git init -q r && git -C r status --short", "rsync a.txt {out}", "wc -c sub/*.txt",
    ];

    private readonly string _scratch = Directory.CreateTempSubdirectory("keel-diff-").FullName;
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("keel-diff-out-").FullName;

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var reader in Readers)
        {
            foreach (var operand in Operands)
            {
                data.Add($"{reader} {operand}");
            }
        }

        foreach (var shape in Shapes)
        {
            data.Add(shape);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_file_the_command_touches_is_in_the_analyzers_set(string template)
    {
        Populate();
        var command = template.Replace("{out}", Path.Combine(_elsewhere, "out"), StringComparison.Ordinal);
        var context = new BashPermissionContext(_scratch, _scratch, "/nonexistent-home", [_scratch], PermissionMode.Default, [], new Keel.Core.Permissions.Paths.PathPolicy(new PermissionContext(_scratch, [], "/nonexistent-home", PermissionMode.Default, [])), "Bash");
        var predicted = BashPermission.PredictFiles(command, context);
        if (predicted.Unknown)
        {
            // What the analyzer cannot list, it asks about.
            BashPermission.Decide(command, context).Decision.Behavior.ShouldNotBe(PermissionBehavior.Allow, command);
            return;
        }

        var touched = Trace(command);

        var missed = touched.Where(p => !Covered(p, predicted)).ToList();
        missed.ShouldBeEmpty($"{command}: predicted files [{string.Join(", ", predicted.Files)}] trees [{string.Join(", ", predicted.Trees)}]");
    }

    public void Dispose()
    {
        Directory.Delete(_scratch, recursive: true);
        Directory.Delete(_elsewhere, recursive: true);
    }

    private static bool Covered(string path, ShellFileSet predicted) =>
        predicted.Files.Contains(path) || predicted.Trees.Any(t => path == t || path.StartsWith(t.TrimEnd('/') + "/", StringComparison.Ordinal));

    private void Populate()
    {
        File.WriteAllText(Path.Combine(_scratch, "a.txt"), "x\n");
        File.WriteAllText(Path.Combine(_scratch, "c.txt"), "c\n");
        Directory.CreateDirectory(Path.Combine(_scratch, "sub"));
        Directory.CreateDirectory(Path.Combine(_scratch, "sub2"));
        Directory.CreateDirectory(Path.Combine(_scratch, "gone", "deep"));
        File.WriteAllText(Path.Combine(_scratch, "gone", "deep", "g.txt"), "g\n");
        File.WriteAllText(Path.Combine(_scratch, "sub", "b.txt"), "b\n");
        File.WriteAllText(Path.Combine(_scratch, "sub2", "b.txt"), "b\n");
    }

    /// <summary>Paths strictly inside the scratch directory that the run opened or changed (stat-only probes excluded).</summary>
    private List<string> Trace(string command)
    {
        var log = Path.Combine(Path.GetTempPath(), "keel-strace-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("strace", ["-f", "-y", "-qq", "-e", "trace=open,openat,openat2,creat,unlink,unlinkat,rename,renameat,renameat2,mkdir,mkdirat,rmdir,truncate,link,linkat,symlink,symlinkat,chmod,fchmodat,utimensat", "-o", log, "bash", "-c", command])
        {
            WorkingDirectory = _scratch,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using (var process = Process.Start(info)!)
        {
            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            process.WaitForExit(30_000).ShouldBeTrue(command);
        }

        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(log))
        {
            var found = PathArgument().Matches(line).Select(m => (m.Groups["dir"].Value, m.Groups["path"].Value)).ToList();
            if (OpenedFile().Match(line) is { Success: true } opened)
            {
                // The file an open really reached, after every link (/proc/self/cwd, /dev/fd/..).
                found = [("", opened.Groups["path"].Value)];
            }

            foreach (var (dir, path) in found)
            {
                var full = path.StartsWith('/') ? path : dir.Length > 0 ? Path.Combine(dir, path) : "";
                // A directory opened as "sub/" (an open strace printed split across lines under load) is the directory "sub".
                full = full.Length > 0 ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(full)) : "";
                if (full.StartsWith(_scratch + "/", StringComparison.Ordinal) && !full.Contains("/.git", StringComparison.Ordinal))
                {
                    touched.Add(full);
                }
            }
        }

        File.Delete(log);
        return [.. touched];
    }

    [GeneratedRegex("""(?:\(|, )(?:(?:AT_FDCWD|-?\d+)<(?<dir>[^>]*)>, )?"(?<path>[^"]*)"(?=[,)])""")]
    private static partial Regex PathArgument();

    [GeneratedRegex("""^\d+ open(?:at2?)?\(.*\) = \d+<(?<path>[^>]*)>$""")]
    private static partial Regex OpenedFile();
}
