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

    /// <summary>The resource name of a tool's pregenerated schema in its assembly.</summary>
    public static string ResourceName(Assembly assembly, string toolName) => $"{assembly.GetName().Name}.{toolName}.schema.json";

    /// <summary>A pregenerated schema embedded in <paramref name="assembly"/>, or null when there is none.</summary>
    public static JsonElement? LoadEmbedded(Assembly assembly, string toolName)
    {
        using var stream = assembly.GetManifestResourceStream(ResourceName(assembly, toolName));
        if (stream is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }

    /// <summary>Serialises a schema the way it is stored: indented, so diffs of it read well.</summary>
    public static string ToFileText(JsonElement schema) =>
        JsonSerializer.Serialize(schema, IndentedJsonContext.Default.JsonElement) + "\n";

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
