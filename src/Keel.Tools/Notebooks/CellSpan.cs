namespace Keel.Tools.Notebooks;

/// <summary>A cell's bytes in the file: from its '{' up to just after its '}'.</summary>
internal sealed record CellSpan(int Start, int End);
