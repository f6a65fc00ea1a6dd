using Keel.Core.Recovery;

namespace Keel.Tests.Core.Recovery;

public sealed class ApiKeyHelperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-keyhelper-").FullName;

    [Fact]
    public async Task The_key_is_the_trimmed_stdout_and_is_cached_until_refreshed()
    {
        var counter = Path.Combine(_dir, "count");
        var helper = new ApiKeyHelper($"echo x >> {counter}; echo \"  sk-$(wc -l < {counter} | tr -d ' ')  \"", _dir, TimeProvider.System);

        (await helper.GetApiKeyAsync(CancellationToken.None)).ShouldBe("sk-1");
        (await helper.GetApiKeyAsync(CancellationToken.None)).ShouldBe("sk-1");
        (await helper.RefreshAsync(CancellationToken.None)).ShouldBeTrue();
        (await helper.GetApiKeyAsync(CancellationToken.None)).ShouldBe("sk-2");
        helper.Runs.ShouldBe(2);
    }

    [Fact]
    public async Task A_failing_command_gives_no_key_and_says_why()
    {
        var helper = new ApiKeyHelper("echo nope >&2; exit 3", _dir, TimeProvider.System);

        (await helper.GetApiKeyAsync(CancellationToken.None)).ShouldBeNull();
        helper.LastProblem.ShouldBe("apiKeyHelper exited with code 3: nope");
    }

    [Fact]
    public async Task A_hanging_command_times_out()
    {
        var helper = new ApiKeyHelper("sleep 30", _dir, TimeProvider.System) { Timeout = TimeSpan.FromMilliseconds(200) };

        (await helper.GetApiKeyAsync(CancellationToken.None)).ShouldBeNull();
        helper.LastProblem!.ShouldContain("did not finish");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
