using System.Text.Json;

namespace Keel.Core.Tools;

/// <summary>A tool whose input schema is generated from its input record.</summary>
public interface IGeneratedSchema
{
    JsonElement GenerateSchema();
}
