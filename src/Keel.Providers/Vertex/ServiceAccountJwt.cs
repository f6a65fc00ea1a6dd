using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Keel.Providers.Vertex;

/// <summary>
/// The signed assertion a service account trades for an access token (RFC 7523 JWT bearer grant):
/// header <c>{"alg":"RS256","typ":"JWT","kid":...}</c>, claims iss/scope/aud/iat/exp, signed with the
/// account's RSA key (PKCS#8 PEM) using RSASSA-PKCS1-v1_5 with SHA-256.
/// </summary>
public static class ServiceAccountJwt
{
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    public static string Create(string clientEmail, string privateKeyPem, string? keyId, string audience, DateTimeOffset now, string scope = CloudPlatformScope)
    {
        var header = Json(w =>
        {
            w.WriteString("alg", "RS256");
            w.WriteString("typ", "JWT");
            if (keyId is not null)
            {
                w.WriteString("kid", keyId);
            }
        });
        var iat = now.ToUnixTimeSeconds();
        var claims = Json(w =>
        {
            w.WriteString("iss", clientEmail);
            w.WriteString("scope", scope);
            w.WriteString("aud", audience);
            w.WriteNumber("iat", iat);
            w.WriteNumber("exp", iat + 3600);
        });
        var signingInput = Base64Url(header) + "." + Base64Url(claims);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    public static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
