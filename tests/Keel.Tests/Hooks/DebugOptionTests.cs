using Keel.Cli.Arguments;
using Keel.Cli.Hooks;

namespace Keel.Tests.Hooks;

public sealed class DebugOptionTests
{
    [Theory]
    [InlineData(new[] { "-p", "hi", "--debug" }, "", "hi")]
    [InlineData(new[] { "-p", "--debug", "hooks", "hi" }, "hooks", "hi")]
    [InlineData(new[] { "-p", "--debug=api,hooks", "hi" }, "api,hooks", "hi")]
    [InlineData(new[] { "-p", "--debug", "fix the hooks" }, "", "fix the hooks")]
    public void Debug_takes_a_category_list_but_never_the_prompt(string[] args, string debug, string prompt)
    {
        var (options, error) = ArgumentParser.Parse(args);

        error.ShouldBeNull();
        options!.Debug.ShouldBe(debug);
        options.Prompt.ShouldBe(prompt);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", true)]
    [InlineData("hooks", true)]
    [InlineData("api,hooks", true)]
    [InlineData("api", false)]
    [InlineData("!hooks", false)]
    [InlineData("!api", true)]
    public void Hook_debugging_is_on_for_all_or_for_hooks(string? debug, bool enabled) =>
        DebugHookLog.Enabled(debug).ShouldBe(enabled);
}
