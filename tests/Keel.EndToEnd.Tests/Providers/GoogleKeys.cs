using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Keel.EndToEnd.Tests.Providers;

/// <summary>A throwaway service-account key written into the fake home, and a check of the JWT keel signed with it.</summary>
internal static class GoogleKeys
{
    private static readonly RSA Key = RSA.Create(2048);

    public static string WriteServiceAccount(Scenario s, string tokenUri)
    {
        var json = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = "keel-test-project",
            ["private_key_id"] = "key-1",
            ["private_key"] = Key.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = "keel@keel-test-project.iam.gserviceaccount.com",
            ["token_uri"] = tokenUri,
        };
        var path = Path.Combine(s.Workspace.Home, "sa.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    /// <summary>The assertion's claims, after checking its RS256 signature with the key's public half.</summary>
    public static JsonNode VerifiedClaims(string assertion)
    {
        var parts = assertion.Split('.');
        parts.Length.ShouldBe(3);
        var ok = Key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        ok.ShouldBeTrue("the JWT signature does not verify with the service account's public key");
        JsonNode.Parse(FromBase64Url(parts[0]))!["alg"]!.GetValue<string>().ShouldBe("RS256");
        return JsonNode.Parse(FromBase64Url(parts[1]))!;
    }

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - (s.Length % 4)) % 4));
    }
}
