using System.Text;
using Keel.Providers.Bedrock;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Providers;

/// <summary>The installed keel does the read → edit → bash task against a fake server of each wire protocol.</summary>
public sealed class ProviderTaskTests
{
    public static TheoryData<string> Protocols => [.. ProviderWorld.Protocols];

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Read_edit_bash_completes_against_each_protocol(string protocol)
    {
        await using var s = await Scenario.StartAsync();
        var env = ProviderWorld.Setup(s, protocol);
        var file = s.Workspace.Write("greeting.txt", "Hello world\n");
        s.Script(
            Turn.Thinking("The file should be read first.", "c2ln").Text("Let me look.").ToolUse("Read", $$"""{"file_path":"{{file}}"}""").Usage(1200, 40, cacheRead: 800),
            Turn.ToolUse("Edit", """{"file_path":"greeting.txt","old_string":"world","new_string":"Keel"}"""),
            Turn.ToolUse("Bash", """{"command":"cat greeting.txt && echo checked","description":"Show the file"}"""),
            Turn.Text("Changed the greeting to Keel."));

        var args = new List<string> { "-p", "Change the greeting", "--permission-mode", "acceptEdits", "--allowedTools", "Bash", "--output-format", "json" };
        if (protocol.StartsWith("openai", StringComparison.Ordinal) || protocol == "azure")
        {
            args.AddRange(["--model", "coder"]);
        }

        var result = await s.RunAsync([.. args], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        var json = Scenario.ParseJson(result);
        json["result"]!.GetValue<string>().ShouldBe("Changed the greeting to Keel.");
        s.Workspace.Read("greeting.txt").ShouldBe("Hello Keel\n");
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(4);
        requests.ShouldAllBe(r => r.Protocol == Expected(protocol));
        ToolResultText(requests[1], protocol).ShouldContain("Hello world");
        ToolResultText(requests[3], protocol).ShouldContain("Hello Keel\nchecked");
        var usage = json["modelUsage"]!.AsObject();
        if (protocol is not "anthropic")
        {
            var prefix = protocol is "bedrock" or "vertex" ? protocol + "/" : "team/";
            usage.Select(u => u.Key).ShouldAllBe(k => k.StartsWith(prefix, StringComparison.Ordinal), usage.ToJsonString());
        }

        if (requests[0].IsMessagesCall)
        {
            s.AssertInvariants();
        }

        CheckWire(s, protocol);
    }

    private static WireProtocol Expected(string protocol) => protocol switch
    {
        "anthropic" => WireProtocol.Anthropic,
        "bedrock" => WireProtocol.Bedrock,
        "vertex" => WireProtocol.Vertex,
        "openai-responses" => WireProtocol.OpenAIResponses,
        _ => WireProtocol.OpenAIChat,
    };

    /// <summary>What a real server of the protocol would check: paths, authentication, body shape.</summary>
    private static void CheckWire(Scenario s, string protocol)
    {
        var first = s.Server.MessageRequests[0];
        switch (protocol)
        {
            case "bedrock":
                first.Path.ShouldBe("/model/us.anthropic.claude-sonnet-5-5-v1%3A0/invoke-with-response-stream");
                first.Json!["anthropic_version"]!.GetValue<string>().ShouldBe("bedrock-2023-05-31");
                first.Json!["model"].ShouldBeNull();
                first.Json!["stream"].ShouldBeNull();
                first.Header("x-amz-security-token").ShouldBe(ProviderWorld.AwsToken);
                var date = first.Header("x-amz-date")!;
                var expected = SigV4Signer.Sign(
                    "POST",
                    first.Header("host")!,
                    "/model/us.anthropic.claude-sonnet-5-5-v1:0/invoke-with-response-stream",
                    string.Empty,
                    [new("content-type", "application/json"), new("accept", "application/vnd.amazon.eventstream")],
                    first.Body,
                    new AwsCredentials(ProviderWorld.AwsKeyId, ProviderWorld.AwsSecret, ProviderWorld.AwsToken),
                    "us-west-2",
                    "bedrock",
                    DateTimeOffset.ParseExact(date, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal));
                first.Header("authorization").ShouldBe(expected.Authorization);
                break;
            case "vertex":
                first.Path.ShouldBe("/v1/projects/keel-test-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-5-5:streamRawPredict");
                first.Json!["anthropic_version"]!.GetValue<string>().ShouldBe("vertex-2023-10-16");
                first.Header("authorization").ShouldBe("Bearer ya29.fake-token");
                var token = s.Server.Requests.Where(r => r.Path == "/token").ToList();
                token.Count.ShouldBe(1, "the access token is cached across requests");
                var form = Uri.UnescapeDataString(token[0].BodyText.Replace('+', ' '));
                form.ShouldContain("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer");
                var assertion = form.Split('&').Single(p => p.StartsWith("assertion=", StringComparison.Ordinal))["assertion=".Length..];
                var claims = GoogleKeys.VerifiedClaims(assertion);
                claims["iss"]!.GetValue<string>().ShouldBe("keel@keel-test-project.iam.gserviceaccount.com");
                claims["aud"]!.GetValue<string>().ShouldBe(s.Server.BaseUrl + "/token");
                claims["scope"]!.GetValue<string>().ShouldBe("https://www.googleapis.com/auth/cloud-platform");
                break;
            case "openai-chat":
                first.Path.ShouldBe("/v1/chat/completions");
                first.Header("authorization").ShouldBe("Bearer sk-team-test");
                first.Header("x-team").ShouldBe("keel");
                first.Model.ShouldBe("team-coder-large");
                first.Json!["messages"]![0]!["role"]!.GetValue<string>().ShouldBe("system");
                first.Json!["tools"]![0]!["type"]!.GetValue<string>().ShouldBe("function");
                var second = s.Server.MessageRequests[1].Json!["messages"]!.AsArray();
                second[^2]!["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>().ShouldBe("Read");
                second[^1]!["role"]!.GetValue<string>().ShouldBe("tool");
                break;
            case "openai-responses":
                first.Path.ShouldBe("/v1/responses");
                first.Json!["instructions"].ShouldNotBeNull();
                first.Json!["store"]!.GetValue<bool>().ShouldBeFalse();
                var input = s.Server.MessageRequests[1].Json!["input"]!.AsArray();
                input.Any(i => (string?)i!["type"] == "function_call" && (string?)i["name"] == "Read").ShouldBeTrue(input.ToJsonString());
                input[^1]!["type"]!.GetValue<string>().ShouldBe("function_call_output");
                break;
            case "azure":
                first.PathAndQuery.ShouldBe("/openai/deployments/team-coder-large/chat/completions?api-version=2024-10-21");
                first.Header("api-key").ShouldBe("sk-team-test");
                first.Header("authorization").ShouldBeNull();
                break;
        }
    }

    private static string ToolResultText(RecordedRequest request, string protocol)
    {
        if (request.IsMessagesCall)
        {
            return Scenario.ResultText(Scenario.LastToolResults(request).Single());
        }

        var json = request.Json!;
        var items = protocol == "openai-responses" ? json["input"]!.AsArray() : json["messages"]!.AsArray();
        var last = items[^1]!;
        return protocol == "openai-responses" ? last["output"]!.GetValue<string>() : last["content"]!.GetValue<string>();
    }
}
