using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Testing.Mcp;

/// <summary>
/// An OAuth-protected MCP server on 127.0.0.1 that is also its own authorization server (real HTTP, the MCP
/// authorization wire format): protected-resource metadata, authorization-server metadata, dynamic client
/// registration, an authorize endpoint that redirects at once (the "user" always consents), a token endpoint that
/// checks PKCE S256 and refresh tokens, and a streamable-HTTP MCP endpoint at /mcp that answers 401 with
/// <c>WWW-Authenticate: Bearer resource_metadata=…</c> unless a valid access token comes along. One tool, whoami,
/// answers with the token it was called with.
/// </summary>
public sealed class FakeOAuthMcpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Challenge, string ClientId, string RedirectUri)> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refreshTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _clients = new(StringComparer.Ordinal);
    private readonly List<string> _grants = [];
    private int _counter;

    private FakeOAuthMcpServer(WebApplication app) => _app = app;

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public string McpUrl => BaseUrl + "/mcp";

    /// <summary>The grant types of token requests so far (authorization_code, refresh_token), in order.</summary>
    public IReadOnlyList<string> Grants
    {
        get
        {
            lock (_gate)
            {
                return [.. _grants];
            }
        }
    }

    /// <summary>How many clients registered dynamically.</summary>
    public int Registrations
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    public static async Task<FakeOAuthMcpServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var server = new FakeOAuthMcpServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>Every access token issued so far stops working (as if it expired): the client must refresh.</summary>
    public void ExpireAccessTokens()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        return (context.Request.Method, path) switch
        {
            ("GET", "/.well-known/oauth-protected-resource/mcp" or "/.well-known/oauth-protected-resource") => Json(context, 200, new JsonObject
            {
                ["resource"] = McpUrl,
                ["authorization_servers"] = new JsonArray(BaseUrl),
            }),
            ("GET", "/.well-known/oauth-authorization-server" or "/.well-known/openid-configuration") => Json(context, 200, new JsonObject
            {
                ["issuer"] = BaseUrl,
                ["authorization_endpoint"] = BaseUrl + "/authorize",
                ["token_endpoint"] = BaseUrl + "/token",
                ["registration_endpoint"] = BaseUrl + "/register",
                ["response_types_supported"] = new JsonArray("code"),
                ["grant_types_supported"] = new JsonArray("authorization_code", "refresh_token"),
                ["code_challenge_methods_supported"] = new JsonArray("S256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("none"),
            }),
            ("POST", "/register") => RegisterAsync(context),
            ("GET", "/authorize") => Authorize(context),
            ("POST", "/token") => TokenAsync(context),
            ("POST", "/mcp") => McpAsync(context),
            (_, "/mcp") => Status(context, 405),
            _ => Status(context, 404),
        };
    }

    private async Task RegisterAsync(HttpContext context)
    {
        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!.AsObject();
        var redirect = body["redirect_uris"]?.AsArray().FirstOrDefault()?.GetValue<string>() ?? string.Empty;
        string id;
        lock (_gate)
        {
            id = $"client-{++_counter}";
            _clients[id] = redirect;
        }

        await Json(context, 201, new JsonObject
        {
            ["client_id"] = id,
            ["redirect_uris"] = new JsonArray(redirect),
            ["token_endpoint_auth_method"] = "none",
            ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
            ["response_types"] = new JsonArray("code"),
        });
    }

    private Task Authorize(HttpContext context)
    {
        var q = context.Request.Query;
        var clientId = q["client_id"].ToString();
        var redirect = q["redirect_uri"].ToString();
        lock (_gate)
        {
            if (q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"])
                || !_clients.TryGetValue(clientId, out var registered) || registered != redirect)
            {
                return Json(context, 400, new JsonObject { ["error"] = "invalid_request" });
            }

            var code = $"code-{++_counter}";
            _codes[code] = (q["code_challenge"].ToString(), clientId, redirect);
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = $"{redirect}?code={code}&state={Uri.EscapeDataString(q["state"].ToString())}";
        }

        return Task.CompletedTask;
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var grant = form["grant_type"].ToString();
        string clientId;
        lock (_gate)
        {
            _grants.Add(grant);
            if (grant == "authorization_code")
            {
                if (!_codes.Remove(form["code"].ToString(), out var issued) || issued.RedirectUri != form["redirect_uri"]
                    || Challenge(form["code_verifier"].ToString()) != issued.Challenge)
                {
                    clientId = string.Empty;
                }
                else
                {
                    clientId = issued.ClientId;
                }
            }
            else if (grant == "refresh_token" && _refreshTokens.Remove(form["refresh_token"].ToString(), out var owner))
            {
                clientId = owner;
            }
            else
            {
                clientId = string.Empty;
            }
        }

        if (clientId.Length == 0)
        {
            await Json(context, 400, new JsonObject { ["error"] = "invalid_grant" });
            return;
        }

        string access, refresh;
        lock (_gate)
        {
            access = $"access-{++_counter}";
            refresh = $"refresh-{++_counter}";
            _accessTokens.Add(access);
            _refreshTokens[refresh] = clientId;
        }

        await Json(context, 200, new JsonObject
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["refresh_token"] = refresh,
        });
    }

    private async Task McpAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
        bool valid;
        lock (_gate)
        {
            valid = token is not null && _accessTokens.Contains(token);
        }

        if (!valid)
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer {(token is null ? string.Empty : "error=\"invalid_token\", ")}resource_metadata=\"{BaseUrl}/.well-known/oauth-protected-resource/mcp\"";
            await Json(context, 401, new JsonObject { ["error"] = "invalid_token" });
            return;
        }

        var message = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!.AsObject();
        if (message["id"] is not { } id)
        {
            context.Response.StatusCode = 202;
            return;
        }

        var method = message["method"]?.GetValue<string>();
        JsonNode? result = method switch
        {
            "initialize" => new JsonObject
            {
                ["protocolVersion"] = message["params"]?["protocolVersion"]?.DeepClone() ?? "2025-06-18",
                ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() },
                ["serverInfo"] = new JsonObject { ["name"] = "fake-oauth", ["version"] = "1.0.0" },
            },
            "ping" => new JsonObject(),
            "tools/list" => new JsonObject
            {
                ["tools"] = new JsonArray(new JsonObject
                {
                    ["name"] = "whoami",
                    ["description"] = "Says which access token the call carried.",
                    ["inputSchema"] = new JsonObject { ["type"] = "object" },
                }),
            },
            "tools/call" => new JsonObject
            {
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = $"called with {token}" }),
            },
            _ => null,
        };
        var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone() };
        response[result is null ? "error" : "result"] = result ?? new JsonObject { ["code"] = -32601, ["message"] = $"Method not found: {method}" };
        await Json(context, 200, response);
    }

    private static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Status(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
