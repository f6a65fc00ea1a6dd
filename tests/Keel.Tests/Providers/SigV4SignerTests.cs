using System.Text;
using Keel.Providers.Bedrock;

namespace Keel.Tests.Providers;

/// <summary>AWS's published Signature Version 4 test-suite vectors (credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1, service "service").</summary>
public sealed class SigV4SignerTests
{
    private static readonly AwsCredentials Suite = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static SigV4Signer.Signature Sign(string method, string path, string query = "", IEnumerable<KeyValuePair<string, string>>? headers = null, AwsCredentials? credentials = null, string body = "") =>
        SigV4Signer.Sign(method, "example.amazonaws.com", path, query, headers ?? [], Encoding.UTF8.GetBytes(body), credentials ?? Suite, "us-east-1", "service", SuiteTime, doubleEncodePath: false);

    [Fact]
    public void Get_vanilla()
    {
        var signature = Sign("GET", "/");

        signature.Authorization.ShouldBe("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        signature.AmzDate.ShouldBe("20150830T123600Z");
        signature.CanonicalRequest.ShouldBe("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    [Fact]
    public void Post_vanilla()
    {
        Sign("POST", "/").Authorization.ShouldEndWith("Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    [Fact]
    public void Get_vanilla_query_order_key_case()
    {
        Sign("GET", "/", "Param2=value2&Param1=value1").Authorization.ShouldEndWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    [Fact]
    public void Post_header_value_case()
    {
        var signature = Sign("POST", "/", headers: [new("My-Header1", "VALUE1")]);

        signature.Authorization.ShouldBe("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;x-amz-date, Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d");
    }

    [Fact]
    public void Post_sts_header_before_signs_the_session_token()
    {
        const string token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

        var signature = Sign("POST", "/", credentials: Suite with { SessionToken = token });

        signature.Authorization.ShouldEndWith("SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
        signature.SecurityToken.ShouldBe(token);
    }

    [Fact]
    public void A_bedrock_model_id_is_encoded_twice_in_the_canonical_path()
    {
        var signature = SigV4Signer.Sign("POST", "bedrock-runtime.us-east-1.amazonaws.com", "/model/us.anthropic.claude-sonnet-4-5-v1:0/invoke-with-response-stream", string.Empty, [], "{}"u8, Suite, "us-east-1", "bedrock", SuiteTime);

        signature.CanonicalRequest.Split('\n')[1].ShouldBe("/model/us.anthropic.claude-sonnet-4-5-v1%253A0/invoke-with-response-stream");
        signature.Authorization.ShouldStartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, ");
    }
}
