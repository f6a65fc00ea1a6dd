namespace Keel.Core.Commands;

/// <summary>
/// Every slash command of a session. Later registrations do not replace earlier ones with the same
/// name (built-ins are registered first and win); the shadowed command is reported in <see cref="Conflicts"/>.
/// </summary>
public sealed class SlashCommandRegistry
{
    private readonly Dictionary<string, ISlashCommand> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ISlashCommand> _ordered = [];
    private readonly List<string> _conflicts = [];

    public IReadOnlyList<ISlashCommand> All => _ordered;

    /// <summary>Commands that were not registered because the name was taken, as user-readable lines.</summary>
    public IReadOnlyList<string> Conflicts => _conflicts;

    public bool Register(ISlashCommand command)
    {
        if (!_byName.TryAdd(command.Name, command))
        {
            _conflicts.Add($"/{command.Name} from {command.Source} is hidden by the one from {_byName[command.Name].Source}.");
            return false;
        }

        _ordered.Add(command);
        return true;
    }

    public ISlashCommand? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Commands whose name starts with <paramref name="prefix"/> (no slash), sorted by name.</summary>
    public IReadOnlyList<ISlashCommand> Complete(string prefix) =>
        [.. _ordered.Where(c => c.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).OrderBy(static c => c.Name, StringComparer.Ordinal)];
}
