using System.Text.Json.Serialization;

namespace Keel.Tools.Shell;

/// <summary>Source-generated JSON metadata for the shell tools' inputs.</summary>
[JsonSerializable(typeof(BashInput))]
[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
internal sealed partial class ShellJsonContext : JsonSerializerContext;
