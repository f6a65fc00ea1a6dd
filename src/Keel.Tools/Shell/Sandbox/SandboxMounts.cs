using Keel.Core.Permissions.Paths;
using Keel.Tools.Shell.Launching;

namespace Keel.Tools.Shell.Sandbox;

/// <summary>
/// The filesystem half of the bwrap command line. Order matters (later mounts cover earlier ones):
/// read-only root, private /dev, /proc and /tmp, the writable directories, the files Keel reads back,
/// then the protected paths and the hidden credentials on top.
/// </summary>
internal static class SandboxMounts
{
    /// <param name="placeholders">Receives the paths where bwrap will create an empty mount point on the
    /// host (a protected path that does not exist yet); they are removed after the command.</param>
    /// <exception cref="ShellLaunchException">A protected path cannot be protected.</exception>
    public static List<string> Build(SandboxOptions options, IReadOnlyList<string> resultFiles, List<string> placeholders)
    {
        List<string> args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"];
        KernelKnobs(args);
        HostSockets(args, options);

        var writable = options.WritableDirectories
            .Select(Normalize)
            .Where(Directory.Exists)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(dir => dir.Length)
            .ToList();
        foreach (var dir in writable)
        {
            args.AddRange(["--bind", dir, dir]);
        }

        foreach (var file in resultFiles)
        {
            args.AddRange(["--bind", file, file]);
        }

        var protectedPaths = options.ProtectedPaths.Select(Normalize).ToList();
        foreach (var path in protectedPaths.SelectMany(GitPointers.Resolve).Select(Normalize).Concat(protectedPaths).Distinct(StringComparer.Ordinal))
        {
            Protect(args, placeholders, path, writable);
        }

        foreach (var path in options.ExtraReadOnlyDenied.Select(Normalize).Distinct(StringComparer.Ordinal))
        {
            if (Directory.Exists(path))
            {
                args.AddRange(["--tmpfs", path, "--remount-ro", path]);
            }
            else if (File.Exists(path))
            {
                args.AddRange(["--ro-bind", "/dev/null", path]);
            }
        }

        return args;
    }

    /// <summary>
    /// Kernel settings stay read-only inside even for root: a fresh procfs would otherwise let uid 0
    /// (capabilities dropped or not) write many <c>/proc/sys</c> knobs of the host kernel.
    /// </summary>
    private static void KernelKnobs(List<string> args)
    {
        args.AddRange(["--ro-bind", "/proc/sys", "/proc/sys"]);
        foreach (var path in (string[])["/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs", "/proc/acpi", "/proc/scsi"])
        {
            args.AddRange(["--ro-bind-try", path, path]);
        }
    }

    /// <summary>
    /// Host UNIX sockets (Docker, D-Bus, systemd, SSH and GPG agents) are neither visible nor connectable:
    /// <c>/run</c> (and a real <c>/var/run</c>) become empty, and sockets found elsewhere are covered with
    /// <c>/dev/null</c>. A socket listed in <see cref="SandboxOptions.AllowedUnixSockets"/> is bound back.
    /// The resolver configuration is kept when it lives under <c>/run</c>.
    /// </summary>
    private static void HostSockets(List<string> args, SandboxOptions options)
    {
        var keep = new List<string>();
        if (ResolvTarget() is { } resolv)
        {
            keep.Add(resolv);
        }

        foreach (var dir in (string[])["/run", "/var/run"])
        {
            if (Directory.Exists(dir) && new DirectoryInfo(dir).LinkTarget is null)
            {
                args.AddRange(["--tmpfs", dir]);
            }
        }

        foreach (var path in keep.Concat(options.AllowedUnixSockets).Distinct(StringComparer.Ordinal))
        {
            if (Path.Exists(path))
            {
                args.AddRange(["--bind", path, path]);
            }
        }

        foreach (var socket in options.HiddenSockets.Except(options.AllowedUnixSockets, StringComparer.Ordinal))
        {
            if (!socket.StartsWith("/run/", StringComparison.Ordinal) && !socket.StartsWith("/tmp/", StringComparison.Ordinal) && FileProbe.Probe(socket) == FileType.Socket)
            {
                args.AddRange(["--ro-bind", "/dev/null", socket]);
            }
        }
    }

    /// <summary>Where /etc/resolv.conf really lives when that is under /run (systemd-resolved), or null.</summary>
    private static string? ResolvTarget()
    {
        try
        {
            var target = new FileInfo("/etc/resolv.conf").ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            return target is not null && (target.StartsWith("/run/", StringComparison.Ordinal) || target.StartsWith("/var/run/", StringComparison.Ordinal)) && File.Exists(target) ? target : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Walks from the writable root down to the protected path. A missing component gets a read-only
    /// empty tmpfs as its mount point, so nothing can be created there (a bind needs an existing target,
    /// which is exactly the hole of CVE-2026-25725). A symlink is refused: the link itself would stay
    /// replaceable even if its target were masked.
    /// </summary>
    private static void Protect(List<string> args, List<string> placeholders, string path, List<string> writable)
    {
        var root = writable.Where(dir => IsWithin(path, dir)).MaxBy(dir => dir.Length);
        if (root is null)
        {
            // Outside every writable directory: the read-only root already covers it.
            return;
        }

        var current = root;
        foreach (var part in path[root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Join(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                throw new ShellLaunchException(
                    $"The sandbox cannot protect {path}: {current} is a symbolic link. Replace it with the real directory or file, or disable sandbox.enabled.");
            }

            if (info.Exists)
            {
                // A file (e.g. a worktree's .git file) where a directory was expected: freezing it is enough.
                args.AddRange(["--ro-bind", current, current]);
                return;
            }

            if (!Directory.Exists(current))
            {
                args.AddRange(["--tmpfs", current, "--remount-ro", current]);
                placeholders.Add(current);
                return;
            }
        }

        args.AddRange(["--ro-bind", current, current]);
    }

    private static bool IsWithin(string path, string dir) =>
        dir == "/"
        || path == dir
        || (path.StartsWith(dir, StringComparison.Ordinal) && path[dir.Length] == '/');

    private static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
