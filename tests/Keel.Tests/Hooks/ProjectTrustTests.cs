using Keel.Core.Hooks;

namespace Keel.Tests.Hooks;

public sealed class ProjectTrustTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("keel-trust-").FullName;

    [Fact]
    public void A_trusted_directory_is_remembered_and_covers_its_subdirectories_only()
    {
        var config = Path.Combine(_root, "config");
        var project = Directory.CreateDirectory(Path.Combine(_root, "work", "app")).FullName;
        var trust = new ProjectTrust(config);

        trust.IsTrusted(project).ShouldBeFalse();
        trust.Trust(project).ShouldBeNull();

        var reopened = new ProjectTrust(config);
        reopened.IsTrusted(project).ShouldBeTrue();
        reopened.IsTrusted(Path.Combine(project, "src")).ShouldBeTrue();
        reopened.IsTrusted(project + "-evil").ShouldBeFalse();
        reopened.IsTrusted(Path.Combine(_root, "work")).ShouldBeFalse();
    }

    [Fact]
    public void A_corrupt_trust_file_trusts_nothing()
    {
        var config = Directory.CreateDirectory(Path.Combine(_root, "config")).FullName;
        File.WriteAllText(Path.Combine(config, ProjectTrust.FileName), "{ not json");

        new ProjectTrust(config).IsTrusted(_root).ShouldBeFalse();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
