using Keel.Core.Compaction;
using Keel.Core.OutputStyles;
using Keel.Core.Permissions;
using Keel.Core.Settings;
using Keel.Core.Skills;
using Keel.Core.Tools;
using Keel.Tools.Skills;

namespace Keel.Cli.Commands;

/// <summary>
/// The user's extensions for one session: skills (listed to the model, loaded by the Skill tool),
/// the chosen output style, and the Bash tool that <c>!`cmd`</c> lines run through. Custom command
/// files are read only when a slash command is actually used (<see cref="CommandCatalog"/>).
/// </summary>
public sealed class SessionExtensions
{
    private SkillInvoker? _invoker;

    private SessionExtensions(string projectDirectory, string? home, SkillCatalog skills, IReadOnlyList<OutputStyle> styles, OutputStyle style)
    {
        ProjectDirectory = projectDirectory;
        Home = home;
        Skills = skills;
        OutputStyles = styles;
        OutputStyle = style;
    }

    public string ProjectDirectory { get; }

    public string? Home { get; }

    public SkillCatalog Skills { get; }

    public InvokedSkills Invoked { get; } = new();

    public IReadOnlyList<OutputStyle> OutputStyles { get; }

    /// <summary>The style in effect (the <c>outputStyle</c> setting, or the default).</summary>
    public OutputStyle OutputStyle { get; }

    public ITool? Shell { get; private set; }

    /// <summary>Loads skills and the output style. Problems become warnings; nothing here fails the session.</summary>
    /// <param name="onlySkills">The skills an SDK host allows (its initialize <c>skills</c>); null: every skill found.</param>
    public static SessionExtensions Load(string cwd, string? home, string keelConfigDirectory, LoadedSettings settings, ICollection<string> warnings, IReadOnlyCollection<string>? onlySkills = null)
    {
        var found = SkillLoader.WithBundled(SkillLoader.Load(cwd, home, keelConfigDirectory, warnings), cwd, home);
        var skills = new SkillCatalog(onlySkills is null ? found : [.. found.Where(s => onlySkills.Contains(s.Name, StringComparer.Ordinal))]);
        var wanted = OutputStyleSetting(settings);
        IReadOnlyList<OutputStyle> styles = BuiltInOutputStyles.All;
        var style = BuiltInOutputStyles.Default;
        if (wanted is not null && !string.Equals(wanted, BuiltInOutputStyles.DefaultName, StringComparison.OrdinalIgnoreCase))
        {
            // Style files are read only when a non-default style is chosen.
            styles = OutputStyleCatalog.Load(cwd, home, warnings);
            style = OutputStyleCatalog.Find(styles, wanted) ?? BuiltInOutputStyles.Default;
            if (style == BuiltInOutputStyles.Default)
            {
                warnings.Add($"outputStyle \"{wanted}\" is not a known output style (known: {string.Join(", ", styles.Select(static s => s.Name))}); using the default.");
            }
        }

        return new SessionExtensions(cwd, home, skills, styles, style);
    }

    public static string? OutputStyleSetting(LoadedSettings settings) =>
        settings.Effective.OutputStyle;

    public string? OutputStyleSection => OutputStyleCatalog.PromptSection(OutputStyle);

    public string? SkillListing => Skills.Listing();

    /// <summary>The Skill tool when there is a skill the model may invoke; nothing otherwise, so the tool list stays as it was.</summary>
    public ITool? CreateSkillTool(PermissionEngine policy, ITool shell, Func<string> sessionId)
    {
        Shell = shell;
        _invoker = new SkillInvoker(Skills, Invoked, policy, shell);
        return Skills.HasModelInvocable ? new SkillTool(_invoker, sessionId) : null;
    }

    /// <summary>Invoked skills are re-attached when the conversation is compacted.</summary>
    public void Attach(ContextCompactor? compactor) => compactor?.Attachments.Add(Invoked);

    public SkillInvoker Invoker => _invoker ?? throw new InvalidOperationException("CreateSkillTool has not run yet.");
}
