using System.Diagnostics;
using Keel.Core.Permissions;
using Keel.Core.Permissions.Shell;
using Keel.Bench.Analyzer;

// Measures the shell analyzer and the Bash decision on short and very long commands.
var cases = new (string Name, string Command)[]
{
    ("1 command", "ls -la src"),
    ("3 commands", "cd src && grep -rn TODO . | head -n 20"),
    ("typical compound", "git status && git diff --stat HEAD~1 | tail -n 5; echo \"done: $(date)\" > /dev/null"),
    ("nested bash -c", "bash -c 'for f in *.cs; do wc -l \"$f\"; done' && eval 'ls | sort -u'"),
    ("2,000 subcommands", string.Join("; ", Enumerable.Range(0, 500).Select(i => $"a{i} x && b{i} y; c{i} | d{i} z"))),
    ("8,000 subcommands", string.Join("; ", Enumerable.Range(0, 2000).Select(i => $"a{i} x && b{i} y; c{i} | d{i} z"))),
};

var context = new BashPermissionContext("/p", "/p", "/h", ["/p"], PermissionMode.Default,
    [new PermissionRule("Bash", "rm:*", PermissionBehavior.Deny, "projectSettings", "Bash(rm:*)"), new PermissionRule("Bash", "npm test:*", PermissionBehavior.Allow, "projectSettings", "Bash(npm test:*)")],
    new LexicalPaths());

Console.WriteLine($"{"case",-20} {"chars",7} {"cmds",6} {"analyze/s",12} {"decide/s",12}");
foreach (var (name, command) in cases)
{
    var found = ShellAnalyzer.Analyze(command).Commands.Count;
    var analyze = Rate(() => ShellAnalyzer.Analyze(command));
    var decide = Rate(() => BashPermission.Decide(command, context));
    Console.WriteLine($"{name,-20} {command.Length,7} {found,6} {analyze,12:N0} {decide,12:N0}");
}

static double Rate(Action action)
{
    for (var i = 0; i < 20; i++)
    {
        action();
    }

    var iterations = 0;
    var start = Stopwatch.GetTimestamp();
    while (Stopwatch.GetElapsedTime(start).TotalSeconds < 1)
    {
        action();
        iterations++;
    }

    return iterations / Stopwatch.GetElapsedTime(start).TotalSeconds;
}

