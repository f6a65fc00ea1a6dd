using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Keel.Mcp.Client;
using Keel.Mcp.Config;

namespace Keel.Mcp.Auth;

/// <summary>
/// Remote servers' OAuth tokens, one file per server under <c>&lt;config folder&gt;/mcp-auth</c> (never in a project):
/// the folder is 0700 and each file 0600, written whole through a temporary file. A file is bound to the server's
/// name and URL, so a server renamed or pointed elsewhere starts unauthenticated.
/// </summary>
public sealed class McpTokenStore(string directory)
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Directory { get; } = directory;

    /// <summary>Where a server's tokens are kept: its name and a hash of its URL.</summary>
    public string PathFor(McpServerConfig server)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(server.Url ?? string.Empty)))[..12];
        return Path.Combine(Directory, $"{McpNames.Sanitize(server.Name)}-{hash}.json");
    }

    /// <summary>The stored tokens, or null when there are none (or the file is unreadable: then the user logs in again).</summary>
    public McpStoredTokens? Read(McpServerConfig server)
    {
        try
        {
            var path = PathFor(server);
            if (!File.Exists(path))
            {
                return null;
            }

            var stored = JsonSerializer.Deserialize(File.ReadAllText(path), McpAuthJsonContext.Default.McpStoredTokens);
            return stored is not null && stored.ServerUrl == server.Url && stored.AccessToken.Length > 0 ? stored : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Write(McpServerConfig server, McpStoredTokens tokens)
    {
        var dir = System.IO.Directory.CreateDirectory(Directory);
        if (!OperatingSystem.IsWindows())
        {
            dir.UnixFileMode = PrivateFolder;
        }

        var path = PathFor(server);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, tokens, McpAuthJsonContext.Default.McpStoredTokens);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies to a new file; a leftover temporary file keeps its old mode otherwise.
            File.SetUnixFileMode(temp, PrivateFile);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Forgets a server's tokens (logout); false when there were none.</summary>
    public bool Delete(McpServerConfig server)
    {
        var path = PathFor(server);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
