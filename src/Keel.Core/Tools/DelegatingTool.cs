using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;

namespace Keel.Core.Tools;

/// <summary>
/// A tool that is another tool in every respect (definition bytes, kind, decoding, execution) except what a subclass
/// overrides, typically the permission decision. One place forwards every <see cref="ITool"/> member, so a member
/// added to the interface later cannot be silently dropped by one wrapper.
/// </summary>
public abstract class DelegatingTool(ITool inner) : ITool
{
    public ITool Inner => inner;

    public string Name => inner.Name;

    public ToolDefinition Definition => inner.Definition;

    public int MaxResultChars => inner.MaxResultChars;

    public ToolKind Kind => inner.Kind;

    public IReadOnlyList<string> RuleAliases => inner.RuleAliases;

    public bool FailureCancelsSiblings => inner.FailureCancelsSiblings;

    public bool IsDeferrable => inner.IsDeferrable;

    public ToolDecoding Decode(JsonElement input, ToolSession session) => inner.Decode(input, session);

    public ToolFacets? DescribeForRules(JsonElement input, ToolSession session) => inner.DescribeForRules(input, session);

    public virtual PermissionDecision? CheckPermission(ToolInput input, ToolSession session) => inner.CheckPermission(input, session);

    public ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) =>
        inner.ExecuteAsync(input, context, cancellationToken);
}
