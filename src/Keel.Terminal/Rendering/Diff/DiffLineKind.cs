namespace Keel.Terminal.Rendering.Diff;

public enum DiffLineKind
{
    Context,
    Deleted,
    Inserted,
    Gap,
}
