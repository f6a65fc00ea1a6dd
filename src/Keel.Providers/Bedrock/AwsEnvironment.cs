namespace Keel.Providers.Bedrock;

/// <summary>Where the AWS settings live for this process: environment variables, home directory, profile.</summary>
public sealed record AwsEnvironment(Func<string, string?> GetEnv, string Home)
{
    public string Profile => Value("AWS_PROFILE") ?? Value("AWS_DEFAULT_PROFILE") ?? "default";

    public string ConfigFile => Value("AWS_CONFIG_FILE") ?? Path.Combine(Home, ".aws", "config");

    public string CredentialsFile => Value("AWS_SHARED_CREDENTIALS_FILE") ?? Path.Combine(Home, ".aws", "credentials");

    public string SsoCacheDirectory => Path.Combine(Home, ".aws", "sso", "cache");

    /// <summary>The profile's section of the config file (<c>[default]</c> or <c>[profile name]</c>), empty when absent.</summary>
    public IReadOnlyDictionary<string, string> ConfigSection(string profile)
    {
        var sections = Read(ConfigFile);
        var name = profile == "default" ? "default" : "profile " + profile;
        return sections.TryGetValue(name, out var section) ? section : sections.TryGetValue(profile, out section) ? section : new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, string>? SsoSession(string name) =>
        Read(ConfigFile).TryGetValue("sso-session " + name, out var section) ? section : null;

    public IReadOnlyDictionary<string, string>? CredentialsSection(string profile) =>
        Read(CredentialsFile).TryGetValue(profile, out var section) ? section : null;

    /// <summary>AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else us-east-1.</summary>
    public string Region =>
        Value("AWS_REGION") ?? Value("AWS_DEFAULT_REGION") ?? (ConfigSection(Profile).TryGetValue("region", out var region) && region.Length > 0 ? region : "us-east-1");

    public string? Value(string name) => GetEnv(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static Dictionary<string, Dictionary<string, string>> Read(string path)
    {
        try
        {
            return File.Exists(path) ? IniFile.Parse(File.ReadAllText(path)) : [];
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
