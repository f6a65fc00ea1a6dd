using System.Text.Json;
using Keel.Core.Tools.Schema;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// Finds the tool and decodes the input once: a JSON object, valid against the tool's schema (required
/// fields, types, enums), then the tool's typed record and its own checks, then the call's facets. Input that
/// does not fit ends the call with an <c>InputValidationError</c> naming the field; the tool never runs.
/// </summary>
public sealed class DecodeInputStep(ToolPipelineParts parts) : IToolCallStep
{
    public ToolCallPhase Phase => ToolCallPhase.Before;

    public ValueTask RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (call.Input is not null)
        {
            return ValueTask.CompletedTask;
        }

        var tool = call.Tool ??= parts.Find(call.Block.Name);
        if (tool is null)
        {
            var known = string.Join(", ", parts.Tools.Select(static t => t.Name));
            call.Refuse($"<tool_use_error>No such tool: {call.Block.Name}. Available tools: {known}.</tool_use_error>");
            return ValueTask.CompletedTask;
        }

        if (parts.Deferred?.IsPending(tool.Name) == true)
        {
            // The model has only seen the name: a call now would guess at the schema.
            call.Refuse($"<tool_use_error>{tool.Name} is a deferred tool and its schema is not loaded yet. Call ToolSearch with query \"select:{tool.Name}\" to load it, then call {tool.Name} again.</tool_use_error>");
            return ValueTask.CompletedTask;
        }

        var decoding = Decode(tool, call.Block.Input, call.Session);
        if (decoding.Error is { } error)
        {
            call.Refuse(error);
        }
        else
        {
            call.Input = decoding.Input;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Decodes <paramref name="json"/> for <paramref name="tool"/>: the one parse of an input.</summary>
    public static ToolDecoding Decode(ITool tool, JsonElement json, ToolSession session)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return ToolDecoding.Invalid($"<tool_use_error>InputValidationError: the input for {tool.Name} was not a JSON object (it may have been cut off or malformed). Send the call again with valid JSON input.</tool_use_error>");
        }

        var problems = InputSchemaValidator.Validate(tool.Definition.InputSchema, json);
        if (problems.Count > 0)
        {
            return ToolDecoding.Invalid(InputSchemaValidator.Describe(tool.Name, problems));
        }

        return tool.Decode(json, session);
    }
}
