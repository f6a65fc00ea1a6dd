using System.Text;
using System.Text.Json;
using Keel.Core.Tools;

namespace Keel.Cli.Acp;

/// <summary>
/// The editor's files for an ACP session: text is read through <c>fs/read_text_file</c> (so the tools see unsaved
/// buffers) and written through <c>fs/write_text_file</c> when the client offers them; whatever it does not offer
/// stays on the local disk. The tools' checks (rules, sandbox paths, read-before-edit) ran before any call here.
/// </summary>
internal sealed class AcpWorkspaceFiles(AcpConnection rpc, string sessionId, AcpClientCapabilities client) : IWorkspaceFiles
{
    private static readonly LocalWorkspaceFiles Disk = LocalWorkspaceFiles.Instance;

    public bool ReadsBuffers => client.ReadTextFile;

    public async ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) =>
        client.ReadTextFile
            ? Encoding.UTF8.GetBytes(await ReadTextAsync(new AcpReadTextFile(sessionId, path), cancellationToken))
            : await Disk.ReadAsync(path, cancellationToken);

    public async ValueTask<string> ReadLinesAsync(string path, int line, int limit, CancellationToken cancellationToken) =>
        client.ReadTextFile
            ? await ReadTextAsync(new AcpReadTextFile(sessionId, path) { Line = line, Limit = limit }, cancellationToken)
            : await Disk.ReadLinesAsync(path, line, limit, cancellationToken);

    public async ValueTask WriteAsync(string path, string text, ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        if (!client.WriteTextFile)
        {
            await Disk.WriteAsync(path, text, encoded, cancellationToken);
            return;
        }

        var request = JsonSerializer.Serialize(new AcpWriteTextFile(sessionId, path, text), AcpJson.Default.AcpWriteTextFile);
        try
        {
            await rpc.RequestAsync("fs/write_text_file", request, cancellationToken);
        }
        catch (AcpException ex)
        {
            throw new IOException($"the editor refused to write it ({ex.Message})", ex);
        }
    }

    private async Task<string> ReadTextAsync(AcpReadTextFile read, CancellationToken cancellationToken)
    {
        JsonElement result;
        try
        {
            result = await rpc.RequestAsync("fs/read_text_file", JsonSerializer.Serialize(read, AcpJson.Default.AcpReadTextFile), cancellationToken);
        }
        catch (AcpException ex)
        {
            throw new IOException($"the editor could not read it ({ex.Message})", ex);
        }

        return result.ValueKind == JsonValueKind.Object && result.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : throw new IOException("the editor's answer to fs/read_text_file has no text content");
    }
}
