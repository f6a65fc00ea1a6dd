using Keel.Core.Compaction;
using Keel.Core.Cost;

namespace Keel.Tests.Core.Compaction;

public sealed class ContextThresholdsTests
{
    [Fact]
    public void A_200K_window_uses_the_standard_offsets()
    {
        var t = ContextThresholds.For(200_000);
        // Autocompact leaves 20,000 tokens beside its 13,000 for the summary's answer, so the summary fits as a fork.
        (t.Warning, t.AutoCompact, t.Blocking).ShouldBe((160_000, 167_000, 197_000));
        t.LevelOf(165_000).ShouldBe(ContextLevel.Warning);
        t.LevelOf(170_000).ShouldBe(ContextLevel.AutoCompact);
        t.LevelOf(199_000).ShouldBe(ContextLevel.Blocking);
    }

    [Fact]
    public void A_small_window_scales_the_offsets_and_a_large_one_keeps_them()
    {
        var small = ContextThresholds.For(20_000);
        (small.Warning, small.AutoCompact, small.Blocking).ShouldBe((16_000, 16_700, 19_700));
        var large = ContextThresholds.For(1_000_000);
        (large.Warning, large.AutoCompact, large.Blocking).ShouldBe((960_000, 967_000, 997_000));
    }

    [Fact]
    public void KEEL_CONTEXT_WINDOW_overrides_the_model_window()
    {
        ModelCatalog.ContextWindowFor("claude-sonnet-4-5", _ => null).ShouldBe(200_000);
        ModelCatalog.ContextWindowFor("claude-sonnet-4-5", n => n == "KEEL_CONTEXT_WINDOW" ? "20000" : null).ShouldBe(20_000);
        ModelCatalog.ContextWindowFor("claude-sonnet-4-5", _ => "nonsense").ShouldBe(200_000);
    }
}
