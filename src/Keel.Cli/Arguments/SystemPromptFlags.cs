namespace Keel.Cli.Arguments;

/// <summary>
/// The system prompt flags: <c>--system-prompt</c> / <c>--system-prompt-file</c> replace the built-in
/// static part, <c>--append-system-prompt</c> / <c>--append-system-prompt-file</c> add a last section.
/// Each pair is exclusive, so it is never ambiguous which text wins.
/// </summary>
public static class SystemPromptFlags
{
    /// <summary>An error for flags that cannot be combined (or a file flag without a path), or null.</summary>
    public static string? Conflict(CliOptions options)
    {
        if (options.SystemPromptFile is { Length: 0 })
        {
            return "--system-prompt-file needs a file path";
        }

        if (options.AppendSystemPromptFile is { Length: 0 })
        {
            return "--append-system-prompt-file needs a file path";
        }

        if (options.SystemPrompt is not null && options.SystemPromptFile is not null)
        {
            return "--system-prompt and --system-prompt-file cannot be used together; give the prompt one way";
        }

        if (options.AppendSystemPrompt is not null && options.AppendSystemPromptFile is not null)
        {
            return "--append-system-prompt and --append-system-prompt-file cannot be used together; give the text one way";
        }

        return null;
    }

    /// <summary>The replacement and appended texts, reading the files (relative to <paramref name="cwd"/>), or an error.</summary>
    public static (string? Replace, string? Append, string? Error) Read(CliOptions options, string cwd)
    {
        var replace = options.SystemPrompt;
        var append = options.AppendSystemPrompt;
        if (options.SystemPromptFile is { } file)
        {
            var (text, error) = ReadFile("--system-prompt-file", file, cwd);
            if (error is not null)
            {
                return (null, null, error);
            }

            replace = text;
        }

        if (options.AppendSystemPromptFile is { } appendFile)
        {
            var (text, error) = ReadFile("--append-system-prompt-file", appendFile, cwd);
            if (error is not null)
            {
                return (null, null, error);
            }

            append = text;
        }

        return (replace, append, null);
    }

    private static (string? Text, string? Error) ReadFile(string flag, string path, string cwd)
    {
        var full = Path.GetFullPath(path, cwd);
        try
        {
            if (Directory.Exists(full))
            {
                return (null, $"{flag}: {full} is a directory, not a file.");
            }

            return File.Exists(full)
                ? (File.ReadAllText(full), null)
                : (null, $"{flag}: {full} does not exist.");
        }
        catch (IOException e)
        {
            return (null, $"{flag}: cannot read {full}: {e.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            return (null, $"{flag}: cannot read {full}: permission denied.");
        }
    }
}
