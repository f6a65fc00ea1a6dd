using Keel.Cli.Arguments;
using Keel.Testing.Workspace;

namespace Keel.Tests.Core.Prompts;

public sealed class SystemPromptFlagsTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    [Theory]
    [InlineData("--system-prompt", "x", "--system-prompt-file", "f.md", "--system-prompt and --system-prompt-file cannot be used together")]
    [InlineData("--append-system-prompt-file", "f.md", "--append-system-prompt", "x", "--append-system-prompt and --append-system-prompt-file cannot be used together")]
    public void Each_pair_is_exclusive(string flag1, string value1, string flag2, string value2, string error)
    {
        var (options, message) = ArgumentParser.Parse(["-p", flag1, value1, flag2, value2, "hi"]);

        options.ShouldBeNull();
        message.ShouldNotBeNull().ShouldStartWith(error);
    }

    [Fact]
    public void A_file_flag_without_a_path_is_an_error()
    {
        ArgumentParser.Parse(["--system-prompt-file"]).Error.ShouldBe("--system-prompt-file needs a file path");
    }

    [Fact]
    public void The_files_are_read_relative_to_the_working_directory()
    {
        _ws.Write("sys.md", "custom system");
        _ws.Write("more/add.md", "extra rules");
        var (options, _) = ArgumentParser.Parse(["-p", "--system-prompt-file", "sys.md", "--append-system-prompt-file=more/add.md", "hi"]);

        var (replace, append, error) = SystemPromptFlags.Read(options!, _ws.Path);

        error.ShouldBeNull();
        replace.ShouldBe("custom system");
        append.ShouldBe("extra rules");
        options!.Prompt.ShouldBe("hi");
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var (options, _) = ArgumentParser.Parse(["-p", "--append-system-prompt-file", "nope.md", "hi"]);

        SystemPromptFlags.Read(options!, _ws.Path).Error.ShouldBe($"--append-system-prompt-file: {_ws.FullPath("nope.md")} does not exist.");
    }

    public void Dispose() => _ws.Dispose();
}
