using System.Text.Json;
using Keel.Core.Events;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Terminal.Dialogs;
using Keel.Terminal.Input;
using Keel.Testing.Time;

namespace Keel.Tests.Terminal.Dialogs;

public sealed class PermissionDialogTests
{
    [Fact]
    public void A_dialog_that_appears_while_the_user_types_ignores_keys_for_a_moment()
    {
        var time = new ManualTimeProvider();
        var guard = new DialogInputGuard(time);
        var dialog = new object();
        guard.Typed();
        time.Advance(TimeSpan.FromMilliseconds(200));
        guard.Shown(dialog);
        time.Advance(TimeSpan.FromMilliseconds(300));
        guard.Accepts(dialog).ShouldBeFalse();
        time.Advance(DialogInputGuard.Settle);
        guard.Accepts(dialog).ShouldBeTrue();
    }

    [Fact]
    public void A_dialog_shown_when_the_user_was_not_typing_takes_keys_at_once()
    {
        var time = new ManualTimeProvider();
        var guard = new DialogInputGuard(time);
        guard.Typed();
        time.Advance(TimeSpan.FromSeconds(5));
        guard.Accepts(new object()).ShouldBeTrue();
    }

    [Fact]
    public void A_picker_the_user_asked_for_takes_keys_at_once_even_right_after_typing()
    {
        var time = new ManualTimeProvider();
        var guard = new DialogInputGuard(time);
        var picker = new object();
        guard.Typed();
        guard.Requested(picker);
        time.Advance(TimeSpan.FromMilliseconds(100));
        guard.Accepts(picker).ShouldBeTrue();

        var popup = new object();
        guard.Typed();
        guard.Accepts(popup).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Edit(/src/app.cs)", "Edit(/src/**)")]
    [InlineData("Edit(/app.cs)", "Edit(/**)")]
    [InlineData("Bash(npm test)", null)]
    [InlineData("Edit(/a.cs), Edit(/b.cs)", null)]
    public void The_directory_rule_covers_the_files_folder(string rule, string? expected) =>
        PermissionDialogs.DirectoryRule(rule).ShouldBe(expected);

    [Fact]
    public async Task An_edit_offers_file_directory_session_and_accept_edits_and_each_answer_says_what_to_remember()
    {
        var host = new PickingHost();
        var switched = 0;
        var dialogs = new PermissionDialogs(host, () => switched++);
        var facets = new ToolFacets { Paths = [new ToolPathTarget("/p/src/app.cs", PathAccess.Write)] };
        var request = new PermissionRequested("r1", "t1", "Edit", JsonDocument.Parse("{}").RootElement, new PermissionDecision(PermissionBehavior.Ask, "edits ask"), "Edit(/src/app.cs)", facets);

        host.Pick = Pick("this directory");
        var directory = await dialogs.AskAsync(request, CancellationToken.None);
        directory.Kind.ShouldBe(PermissionAnswerKind.AllowAlways);
        directory.Rules.ShouldBe(["Edit(/src/**)"]);
        host.Shown!.Options.Select(static o => o.Label).ShouldContain("Yes, and don't ask again for this directory: Edit(/src/**)");

        host.Pick = Pick("rest of this session");
        var session = await dialogs.AskAsync(request, CancellationToken.None);
        (session.Kind, session.SessionOnly, session.Rules).ShouldBe((PermissionAnswerKind.AllowAlways, true, null));

        host.Pick = Pick("accept all edits");
        (await dialogs.AskAsync(request, CancellationToken.None)).Kind.ShouldBe(PermissionAnswerKind.AllowOnce);
        switched.ShouldBe(1);

        host.Pick = d => new ChoiceResult([d.Options.Count - 1], "use the other file");
        var no = await dialogs.AskAsync(request, CancellationToken.None);
        (no.Kind, no.Feedback).ShouldBe((PermissionAnswerKind.Reject, "use the other file"));
    }

    [Fact]
    public void A_stray_letter_does_not_answer_and_enter_takes_the_highlighted_yes()
    {
        var dialog = new ChoiceDialog("Bash: allow this call?", [], [new ChoiceOption("Yes"), new ChoiceOption("No")]);
        dialog.HandleKey(new KeyEvent(Key.Char, "y"));
        dialog.HandleKey(new KeyEvent(Key.Char, "n"));
        dialog.IsDone.ShouldBeFalse();
        dialog.HandleKey(new KeyEvent(Key.Enter, string.Empty));
        dialog.Result!.Selected.ShouldBe([0]);
    }

    private static Func<ChoiceDialog, ChoiceResult> Pick(string labelPart) =>
        d => new ChoiceResult([d.Options.ToList().FindIndex(o => o.Label.Contains(labelPart, StringComparison.Ordinal))], null);

    private sealed class PickingHost : IDialogHost
    {
        public Func<ChoiceDialog, ChoiceResult> Pick { get; set; } = static _ => new ChoiceResult([0], null);

        public ChoiceDialog? Shown { get; private set; }

        public Task<ChoiceResult?> ShowAsync(ChoiceDialog dialog, CancellationToken cancellationToken)
        {
            Shown = dialog;
            return Task.FromResult<ChoiceResult?>(Pick(dialog));
        }
    }
}
