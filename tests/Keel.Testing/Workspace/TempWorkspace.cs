using System.Diagnostics;
using System.Text;

namespace Keel.Testing.Workspace;

/// <summary>
/// A throwaway project directory plus a separate fake home directory, both deleted on dispose.
/// </summary>
public sealed class TempWorkspace : IDisposable
{
    private readonly string _root;

    public TempWorkspace()
    {
        _root = Directory.CreateTempSubdirectory("keel-test-").FullName;
        Path = Directory.CreateDirectory(System.IO.Path.Combine(_root, "project")).FullName;
        Home = Directory.CreateDirectory(System.IO.Path.Combine(_root, "home")).FullName;
    }

    /// <summary>The project directory (the working directory for runs).</summary>
    public string Path { get; }

    /// <summary>A fake HOME, so runs never touch the real user's settings.</summary>
    public string Home { get; }

    /// <summary>Where keel keeps its config, sessions and settings inside <see cref="Home"/>.</summary>
    public string ConfigDir => System.IO.Path.Combine(Home, ".keel");

    public string FullPath(string relativePath) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relativePath));

    /// <summary>Writes a file (UTF-8, no BOM), creating directories as needed; returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var full = FullPath(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return full;
    }

    public string Read(string relativePath) => File.ReadAllText(FullPath(relativePath));

    public bool Exists(string relativePath) => File.Exists(FullPath(relativePath)) || Directory.Exists(FullPath(relativePath));

    /// <summary>Runs a real <c>git init</c> with a local identity so commits work.</summary>
    public void GitInit()
    {
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@keel.invalid");
        Git("config", "user.name", "Keel Test");
        Git("config", "commit.gpgsign", "false");
    }

    /// <summary>Runs git in the project directory and returns its stdout; throws on a non-zero exit.</summary>
    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = Home;
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var git = System.Diagnostics.Process.Start(start)!;
        var stdout = git.StandardOutput.ReadToEndAsync();
        var stderr = git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0
            ? stdout.Result
            : throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({git.ExitCode}): {stderr}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A process a test left running may still hold files; the temp dir is cleaned later by the OS.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: best effort.
        }
    }
}
