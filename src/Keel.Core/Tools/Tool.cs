using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Keel.Core.Model;
using Keel.Core.Permissions;

namespace Keel.Core.Tools;

/// <summary>
/// Base for tools with a typed input record. Decodes input once (the pipeline has checked it
/// against the schema), turning bad input into a model-readable error; the JSON Schema is generated from the record
/// (descriptions from <see cref="System.ComponentModel.DescriptionAttribute"/>).
/// </summary>
public abstract class Tool<TInput> : ITool, IGeneratedSchema
    where TInput : class
{
    private readonly Func<JsonTypeInfo<TInput>> _typeInfoFactory;
    private JsonTypeInfo<TInput>? _typeInfo;
    private ToolDefinition? _definition;

    /// <param name="typeInfo">
    /// Supplies the input's source-generated metadata. A factory, because creating the first
    /// serializer context costs tens of milliseconds that a run with no tool call should not pay.
    /// </param>
    protected Tool(Func<JsonTypeInfo<TInput>> typeInfo)
    {
        _typeInfoFactory = typeInfo;
    }

    /// <summary>The input's metadata (created on first use).</summary>
    public JsonTypeInfo<TInput> InputTypeInfo => _typeInfo ??= _typeInfoFactory();

    public abstract string Name { get; }

    /// <summary>The model-facing description (usually an embedded .md next to the tool).</summary>
    protected abstract string Description { get; }

    public virtual int MaxResultChars => 50_000;

    /// <summary>
    /// The definition sent to the model. The schema comes from the embedded
    /// <c>&lt;Name&gt;.schema.json</c> when the tool's assembly has one (a test keeps it equal to
    /// <see cref="GenerateSchema"/>), so startup does not pay for schema generation.
    /// </summary>
    public ToolDefinition Definition => _definition ??= new ToolDefinition(Name, Description, ToolSchema.LoadEmbedded(GetType().Assembly, Name) ?? GenerateSchema());

    /// <summary>The JSON Schema generated from the input record.</summary>
    public JsonElement GenerateSchema() => ToolSchema.Generate(InputTypeInfo);

    public abstract ToolKind Kind { get; }

    public virtual IReadOnlyList<string> RuleAliases => [];

    public virtual bool FailureCancelsSiblings => false;

    public virtual bool IsDeferrable => false;

    public ToolDecoding Decode(JsonElement input, ToolSession session)
    {
        if (!TryParse(input, out var parsed, out var error))
        {
            return ToolDecoding.Invalid(error);
        }

        if (Validate(parsed, session) is { } invalid)
        {
            return ToolDecoding.Invalid(invalid);
        }

        return ToolDecoding.Ok(new ToolInput(input, parsed, Describe(parsed, session)));
    }

    public ToolFacets? DescribeForRules(JsonElement input, ToolSession session)
    {
        if (!TryParse(input, out var parsed, out _))
        {
            return null;
        }

        try
        {
            return Describe(parsed, session);
        }
        catch (NullReferenceException)
        {
            // A field the description needs is missing; the tool could not describe such a call either.
            return null;
        }
    }

    public PermissionDecision? CheckPermission(ToolInput input, ToolSession session) => CheckPermission(input.As<TInput>(), session);

    public ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) =>
        ExecuteAsync(input.As<TInput>(), context, cancellationToken);

    /// <summary>Parses input into the record; false with a model-readable message when it does not fit.</summary>
    public bool TryParse(JsonElement input, out TInput parsed, out string error)
    {
        parsed = null!;
        if (input.ValueKind != JsonValueKind.Object)
        {
            error = $"<tool_use_error>InputValidationError: {Name} expects a JSON object as input, got {Describe(input)}.</tool_use_error>";
            return false;
        }

        try
        {
            var value = input.Deserialize(InputTypeInfo);
            if (value is null)
            {
                error = $"<tool_use_error>InputValidationError: {Name} input was empty.</tool_use_error>";
                return false;
            }

            parsed = value;
            error = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"<tool_use_error>InputValidationError: {Name} input does not match its schema: {ex.Message}</tool_use_error>";
            return false;
        }
    }

    /// <summary>
    /// The call's facets. The default: read-only as <see cref="IsReadOnly(TInput)"/> says, concurrency-safe when
    /// read-only, no rule targets, no summary. Tools with paths, URLs or commands say so here.
    /// </summary>
    protected virtual ToolFacets Describe(TInput input, ToolSession session)
    {
        var readOnly = IsReadOnly(input);
        return new ToolFacets { IsReadOnly = readOnly, IsConcurrencySafe = IsConcurrencySafe(input) };
    }

    protected virtual bool IsReadOnly(TInput input) => false;

    protected virtual bool IsConcurrencySafe(TInput input) => IsReadOnly(input);

    protected virtual PermissionDecision? CheckPermission(TInput input, ToolSession session) => null;

    /// <summary>Checks beyond the schema; a message for the model, or null when valid.</summary>
    protected virtual string? Validate(TInput input, ToolSession session) => null;

    protected abstract ValueTask<ToolResult> ExecuteAsync(TInput input, ToolContext context, CancellationToken cancellationToken);

    private static string Describe(JsonElement input) => input.ValueKind switch
    {
        JsonValueKind.String => "a string (the input JSON was probably malformed)",
        JsonValueKind.Undefined => "nothing",
        _ => input.ValueKind.ToString().ToLowerInvariant(),
    };
}
