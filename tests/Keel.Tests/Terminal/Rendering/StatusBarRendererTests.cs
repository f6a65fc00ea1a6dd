using Keel.Core.Compaction;
using Keel.Terminal.Rendering;
using Keel.Terminal.Rendering.Status;
using Keel.Terminal.Rendering.Text;

namespace Keel.Tests.Terminal.Rendering;

public sealed class StatusBarRendererTests
{
    private static readonly RenderOptions Plain = new(Color: false);

    [Fact]
    public void Shows_model_mode_directory_and_cost()
    {
        var info = new StatusBarInfo("claude-sonnet-4-5", "acceptEdits", "/home/dev/src/app", 0.1234m, HomeDirectory: "/home/dev");

        StatusBarRenderer.Render(info, 100, Plain).ShouldBe("claude-sonnet-4-5 · accept edits · ~/src/app · $0.12");
    }

    [Fact]
    public void A_long_directory_loses_its_leading_folders_first()
    {
        var info = new StatusBarInfo("m", "default", "/very/long/path/to/some/project/src", 1.5m, ContextPercent: 40);

        var line = StatusBarRenderer.Render(info, 40, Plain);

        line.ShouldBe("m · default · …/src · $1.50 · ctx 40%");
        DisplayWidth.Of(line).ShouldBeLessThanOrEqualTo(40);
    }

    [Fact]
    public void Context_use_is_coloured_by_level()
    {
        var info = new StatusBarInfo("m", "plan", "/p", ContextPercent: 97, ContextLevel: ContextLevel.Blocking);

        StatusBarRenderer.Render(info, 80, new RenderOptions(Color: true)).ShouldEndWith("\e[91m\e[1mctx 97%\e[0m");
    }

    [Fact]
    public void Never_wider_than_the_screen()
    {
        var info = new StatusBarInfo(new string('m', 60), "bypassPermissions", "/a/b", 12m);

        DisplayWidth.Of(StatusBarRenderer.Render(info, 30, new RenderOptions(Color: true))).ShouldBeLessThanOrEqualTo(30);
    }
}
