using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary><c>/model</c> at the terminal: a picker of the models Keel knows.</summary>
public sealed class ModelPickerTests
{
    [Fact]
    public async Task Model_opens_a_filterable_picker_and_the_pick_is_used_for_the_next_request()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Answered by the picked model."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--model", "claude-sonnet-4-5"]);
        await tmux.WaitForReadyAsync();

        tmux.Type("/model");
        tmux.Keys("Enter");
        var picker = await tmux.WaitForAsync("Switch to which model?");
        picker.ShouldContain("claude-sonnet-4-5  (current)");
        picker.ShouldContain("sonnet · claude-sonnet-5-5");
        picker.ShouldContain("Sonnet 5.5 · 1M context · $2/$10 per MTok in/out");

        tmux.Type("haiku 4");
        await tmux.WaitForAsync(screen => screen.Contains("❯ claude-haiku-4-5", StringComparison.Ordinal) && !screen.Contains("claude-sonnet-5-5", StringComparison.Ordinal), "the list narrowed to Haiku 4.5");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Model set to claude-haiku-4-5.");
        await tmux.WaitForAsync("  claude-haiku-4-5 · default mode");

        tmux.Type("hello");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Answered by the picked model.");
        s.Server.MessageRequests[^1].Model.ShouldBe("claude-haiku-4-5");
    }

    [Fact]
    public async Task An_unknown_name_gets_a_suggestion_and_a_model_the_api_lacks_points_to_the_picker()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.Status(404, message: "model: claude-nonexistent-9"), Turn.Text("Answered by Haiku."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--model", "claude-nonexistent-9"]);
        await tmux.WaitForReadyAsync();

        tmux.Type("/model sonet");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Unknown model 'sonet'. Did you mean 'sonnet'?");
        await tmux.WaitForReadyAsync();

        tmux.Type("hello");
        tmux.Keys("Enter");
        var failed = await tmux.WaitForAsync("/model picks another model");
        failed.ShouldContain("claude-nonexistent-9");
        await tmux.WaitForReadyAsync();

        tmux.Type("/model claude-haiku-4-5");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Model set to claude-haiku-4-5.");
        tmux.Type("again");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Answered by Haiku.");
        s.Server.MessageRequests[^1].Model.ShouldBe("claude-haiku-4-5");
    }
}
