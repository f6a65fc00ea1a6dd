namespace Keel.Cli.Acp;

/// <summary>A JSON-RPC error answer (ACP's codes: -32601 unknown method, -32602 bad params, -32002 unknown session, ...).</summary>
public sealed class AcpException(int code, string message, string? dataJson = null) : Exception(message)
{
    public const int InvalidParams = -32602;
    public const int MethodNotFound = -32601;
    public const int InternalError = -32603;
    public const int ResourceNotFound = -32002;

    public int Code { get; } = code;

    /// <summary>The error's <c>data</c> as JSON, or null.</summary>
    public string? DataJson { get; } = dataJson;
}
