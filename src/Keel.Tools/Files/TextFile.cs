using System.Text;

namespace Keel.Tools.Files;

/// <summary>A text file decoded with its encoding remembered, so it can be written back the same way.</summary>
internal sealed record TextFile(string Text, Encoding Encoding, bool HasBom)
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static TextFile New(string text) => new(text, Utf8NoBom, HasBom: false);

    public static TextFile Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new TextFile(Utf8NoBom.GetString(bytes[3..]), Utf8NoBom, HasBom: true);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new TextFile(Encoding.Unicode.GetString(bytes[2..]), Encoding.Unicode, HasBom: true);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new TextFile(Encoding.BigEndianUnicode.GetString(bytes[2..]), Encoding.BigEndianUnicode, HasBom: true);
        }

        return new TextFile(Utf8NoBom.GetString(bytes), Utf8NoBom, HasBom: false);
    }

    public static TextFile Load(string path) => Decode(File.ReadAllBytes(path));

    /// <summary>The same encoding and BOM, with new text.</summary>
    public TextFile With(string text) => this with { Text = text };

    public byte[] Encode()
    {
        // The no-BOM UTF-8 instance has an empty preamble, so the UTF-8 mark is spelled out.
        byte[] preamble = !HasBom ? [] : Encoding is UTF8Encoding ? [0xEF, 0xBB, 0xBF] : Encoding.GetPreamble();
        var body = Encoding.GetBytes(Text);
        if (preamble.Length == 0)
        {
            return body;
        }

        var all = new byte[preamble.Length + body.Length];
        preamble.CopyTo(all, 0);
        body.CopyTo(all, preamble.Length);
        return all;
    }

    /// <summary>True when every line break is CRLF (mixed files are treated as they are).</summary>
    public static bool UsesCrlf(string text)
    {
        var crlf = 0;
        for (var i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            if (i == 0 || text[i - 1] != '\r')
            {
                return false;
            }

            crlf++;
        }

        return crlf > 0;
    }
}
