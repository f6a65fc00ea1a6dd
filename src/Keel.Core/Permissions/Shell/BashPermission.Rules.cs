using System.Text;

namespace Keel.Core.Permissions.Shell;

public static partial class BashPermission
{
    private sealed partial class Evaluation
    {
        /// <summary>The first deny/ask rule matching any normalised form of the command.</summary>
        private static (PermissionRule? Rule, string Text) Match(List<PermissionRule> candidates, ShellCommand command)
        {
            if (candidates.Count == 0 || command.Arguments.Count == 0)
            {
                return (null, "");
            }

            foreach (var text in NormalisedTexts(command))
            {
                if (candidates.Find(r => BashRuleMatcher.Matches(r.Specifier, text)) is { } rule)
                {
                    return (rule, text);
                }
            }

            return (null, "");
        }

        /// <summary>
        /// Deny-side normalisation: basename of the command word, wrappers removed (and kept), git global
        /// options removed, whitespace collapsed; after an unknown wrapper option every later word is tried
        /// as the command.
        /// </summary>
        private static IEnumerable<string> NormalisedTexts(ShellCommand command)
        {
            var args = command.Arguments;
            yield return Collapse(args, 0, baseName: true);
            yield return Collapse(args, 0, baseName: false);
            if (command.Wrappers.Count > 0 || command.FullWords.Count != command.Words.Count)
            {
                var full = command.FullWords.SelectMany(w => w.IsStatic ? w.Values : [w.Raw]).ToList();
                yield return Collapse(full, 0, baseName: true);
            }

            if (command.Has(ShellCommandFlags.NonStaticCommandWord))
            {
                // `rm${IFS}-rf${IFS}x` splits into `rm -rf x` at run time.
                var raw = string.Join(' ', command.Words.Select(w => w.Raw)).Replace("${IFS}", " ", StringComparison.Ordinal).Replace("$IFS", " ", StringComparison.Ordinal);
                yield return Collapse(raw.Split(' ', StringSplitOptions.RemoveEmptyEntries), 0, baseName: true);
            }

            if (command.BaseName == "git")
            {
                var (globals, sub) = GitSafety.SplitGlobals(args);
                if (globals.Count > 0 && sub < args.Count)
                {
                    yield return "git " + Collapse(args, sub, baseName: false);
                }
            }

            if (command.Has(ShellCommandFlags.UnknownWrapperOption))
            {
                var full = command.FullWords.SelectMany(w => w.IsStatic ? w.Values : [w.Raw]).ToList();
                for (var i = 1; i < full.Count; i++)
                {
                    yield return Collapse(full, i, baseName: true);
                }
            }
        }

        private static string Collapse(IReadOnlyList<string> args, int start, bool baseName)
        {
            var sb = new StringBuilder();
            for (var i = start; i < args.Count; i++)
            {
                var value = i == start && baseName ? ShellText.BaseName(args[i]) : args[i];
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }

                var space = false;
                foreach (var c in value)
                {
                    if (char.IsWhiteSpace(c))
                    {
                        space = true;
                        continue;
                    }

                    if (space)
                    {
                        sb.Append(' ');
                        space = false;
                    }

                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        /// <summary>
        /// The allow rule for a command. The inner command of any wrapper must be allowed on its own
        /// merits: a rule matches the unwrapped text, or the text with its wrappers only when the rule's
        /// literal part reaches past the inner command word (<c>Bash(timeout 5 npm test:*)</c>), so
        /// <c>Bash(xargs:*)</c>, <c>Bash(env:*)</c> or <c>Bash(timeout:*)</c> never approve what they launch.
        /// With <paramref name="prefixOnly"/>, only a rule that accepts any further arguments counts.
        /// </summary>
        private PermissionRule? AllowRuleFor(ShellCommand command, bool prefixOnly = false)
        {
            if (_allow.Count == 0 || command.Arguments.Count == 0 || command.Has(ShellCommandFlags.NonStaticCommandWord))
            {
                return null;
            }

            var full = command.FullWords.SelectMany(w => w.IsStatic ? w.Values : [w.Raw]).ToList();
            var fullText = string.Join(' ', full);
            var innerStart = Math.Max(0, full.Count - command.Arguments.Count);
            var innerWordEnd = string.Join(' ', full.Take(innerStart + 1)).Length;
            bool Usable(PermissionRule r) => !prefixOnly || (r.Specifier?.TrimEnd().EndsWith('*') ?? true);
            if (!full[0].Contains('/') && _allow.Find(r => Usable(r) && BashRuleMatcher.Matches(r.Specifier, fullText) && (innerStart == 0 || LiteralLength(r.Specifier) >= innerWordEnd)) is { } fullRule)
            {
                return fullRule;
            }

            if (command.Name.Contains('/') || innerStart == 0)
            {
                return null;
            }

            return _allow.Find(r => Usable(r) && BashRuleMatcher.Matches(r.Specifier, command.Text));
        }

        /// <summary>The length of a Bash rule's text before its first wildcard (<c>git log:*</c> → 7).</summary>
        private static int LiteralLength(string? specifier)
        {
            if (specifier is null)
            {
                return 0;
            }

            var text = specifier.Trim();
            var star = text.IndexOf('*', StringComparison.Ordinal);
            var literal = star < 0 ? text : text[..star];
            return literal.TrimEnd(':', ' ').Length;
        }

        /// <summary>A fallback split used only when part of the command could not be analysed.</summary>
        private static IEnumerable<string> CrudeSegments(string raw)
        {
            var cleaned = new StringBuilder(raw.Length);
            foreach (var c in raw)
            {
                if (c is '\'' or '"' or '\\')
                {
                    continue;
                }

                cleaned.Append(c is ';' or '&' or '|' or '\n' or '\r' or '(' or ')' or '`' or '$' or '{' or '}' or '<' or '>' ? '\n' : c);
            }

            foreach (var piece in cleaned.ToString().Split('\n'))
            {
                var words = piece.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i < words.Length; i++)
                {
                    yield return Collapse(words, i, baseName: true);
                }
            }
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

        private static void EnvironmentFindings(ShellCommand command, List<BashFinding> findings)
        {
            foreach (var assignment in command.Assignments)
            {
                if (SafeEnvironment.Contains(assignment.Name))
                {
                    continue;
                }

                if (command.Has(ShellCommandFlags.AssignmentOnly))
                {
                    if (IsEnvironmentLike(assignment.Name))
                    {
                        findings.Add(new(BashFindingKind.Ask, $"setting {assignment.Name} can change what later commands run ({assignment.Name} is not in the safe list)", command));
                    }
                }
                else
                {
                    findings.Add(new(BashFindingKind.Ask, $"`{assignment.Name}=...` before `{command.Name}` can change what it runs ({assignment.Name} is not in the safe list)", command));
                }
            }

            var name = command.Name;
            var exports = name == "export" || (name is "declare" or "typeset" && command.Arguments.Skip(1).Any(a => a.StartsWith('-') && a.Contains('x')));
            if (exports)
            {
                foreach (var arg in command.Arguments.Skip(1).Where(a => !a.StartsWith('-')))
                {
                    var variable = arg.Split('=')[0];
                    if (!SafeEnvironment.Contains(variable))
                    {
                        findings.Add(new(BashFindingKind.Ask, $"`{name} {variable}` changes the environment of later commands ({variable} is not in the safe list)", command));
                    }
                }
            }
        }

        private static bool IsEnvironmentLike(string name) =>
            name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_')
            || name.StartsWith("npm_config_", StringComparison.Ordinal)
            || name.EndsWith("_proxy", StringComparison.Ordinal);
    }
}
