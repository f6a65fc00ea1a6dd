using Keel.Core.Agent;
using Keel.Core.Events;
using Keel.Core.Hooks;
using Keel.Terminal.Rendering;
using Keel.Testing.Time;

namespace Keel.Tests.Terminal.Rendering;

/// <summary>What the terminal shows of hooks: a running hook's statusMessage as the spinner text, and hook notices.</summary>
public sealed class ConversationViewHookTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void A_running_hooks_status_message_is_the_spinner_text_until_it_ends()
    {
        string? status = "Checking the command against policy…";
        var view = new ConversationView(new RenderOptions(Color: false), _time) { HookStatus = () => status };
        view.OnEvent(new RequestStarted(0, 1));
        _time.Advance(TimeSpan.FromSeconds(3));

        view.LiveLines(80, _time.GetUtcNow())[^1].ShouldBe("⠋ Checking the command against policy… (3s · esc to interrupt)");

        status = null;
        view.LiveLines(80, _time.GetUtcNow())[^1].ShouldStartWith("⠋ Working… (3s");
    }

    [Fact]
    public void A_hook_notice_is_shown_on_one_line_and_the_turn_goes_on()
    {
        var view = new ConversationView(new RenderOptions(Color: false), _time);
        view.OnEvent(new RequestStarted(0, 1));
        view.OnEvent(new HookNotice(HookEvent.PreToolUse, "PreToolUse hook ./slow.sh timed out; cancelled with no decision"));

        view.TakeCommitted(200).ShouldContain("⚠ PreToolUse hook ./slow.sh timed out; cancelled with no decision");
        view.LiveLines(80, _time.GetUtcNow())[^1].ShouldStartWith("⠋ Working…");
    }
}
