using System.Text;

namespace Keel.Testing.FakeServer;

/// <summary>A non-streamed HTTP error with the API's JSON error envelope (or a raw body).</summary>
public sealed class ErrorResponse : ScriptedResponse
{
    public ErrorResponse(int status, string errorType, string message)
    {
        Status = status;
        ErrorType = errorType;
        Message = message;
    }

    public int Status { get; }

    public string ErrorType { get; }

    public string Message { get; }

    /// <summary>Replaces the JSON envelope with this exact body.</summary>
    public string? RawBody { get; private set; }

    public ErrorResponse Header(string name, string value)
    {
        AddHeader(name, value);
        return this;
    }

    public ErrorResponse DelayHeaders(TimeSpan delay)
    {
        SetHeaderDelay(delay);
        return this;
    }

    public ErrorResponse Body(string rawBody)
    {
        RawBody = rawBody;
        return this;
    }

    internal override async Task ServeAsync(ResponseContext context)
    {
        var response = context.Http.Response;
        var (status, body) = RawBody is null ? ErrorBody.For(context.Request.Protocol, Status, ErrorType, Message, $"req_fake_{context.Request.Number}", response.Headers) : (Status, RawBody);
        response.StatusCode = status;
        response.ContentType = RawBody is null ? "application/json" : "text/plain; charset=utf-8";
        context.ApplyHeaders(this);
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.Cancellation);
        context.Request.Response = new ServedResponse(status, null, [], [], Completed: true);
    }
}
