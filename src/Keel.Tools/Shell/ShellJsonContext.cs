using System.Text.Json.Serialization;

namespace Keel.Tools.Shell;

/// <summary>Source-generated JSON metadata for the shell tools' inputs.</summary>
[JsonSerializable(typeof(BashInput))]
[JsonSerializable(typeof(Background.BashOutputInput))]
[JsonSerializable(typeof(Background.KillShellInput))]
[JsonSourceGenerationOptions(RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
internal sealed partial class ShellJsonContext : JsonSerializerContext;
