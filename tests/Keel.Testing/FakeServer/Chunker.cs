namespace Keel.Testing.FakeServer;

/// <summary>Splits text into deltas without tearing surrogate pairs.</summary>
internal static class Chunker
{
    public static List<string> Split(string text, int size)
    {
        var chunks = new List<string>((text.Length / size) + 1);
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(size, text.Length - start);
            if (length < text.Length - start && char.IsHighSurrogate(text[start + length - 1]))
            {
                length = length == 1 ? 2 : length - 1;
            }

            chunks.Add(text.Substring(start, length));
            start += length;
        }

        return chunks;
    }
}
