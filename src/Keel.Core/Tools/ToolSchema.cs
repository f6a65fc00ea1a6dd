using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Keel.Core.Tools;

/// <summary>Generates a tool's input JSON Schema from its source-generated type metadata.</summary>
public static class ToolSchema
{
    private static readonly JsonSchemaExporterOptions ExporterOptions = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = static (context, node) =>
        {
            var description = context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false)
                .OfType<DescriptionAttribute>().FirstOrDefault()?.Description;
            if (description is not null && node is JsonObject obj)
            {
                obj.Insert(0, "description", description);
            }

            return node;
        },
    };

    public static JsonElement Generate<T>(JsonTypeInfo<T> typeInfo)
    {
        var node = typeInfo.GetJsonSchemaAsNode(ExporterOptions);
        if (node is JsonObject root)
        {
            root.Remove("$schema");
            if (!root.ContainsKey("additionalProperties"))
            {
                root["additionalProperties"] = false;
            }
        }

        return JsonSerializer.SerializeToElement(node, JsonNodeContext.Default.JsonNode);
    }
}
