using System.Globalization;
using System.Text;

namespace Keel.Core.Permissions.Shell;

/// <summary>Decodes bash's <c>$'...'</c> strings.</summary>
internal static class AnsiC
{
    /// <summary>Decodes from <paramref name="pos"/> (just after <c>$'</c>) to the closing quote; null when unterminated.</summary>
    public static string? Decode(string s, ref int pos)
    {
        var sb = new StringBuilder();
        while (pos < s.Length)
        {
            var c = s[pos];
            if (c == '\'')
            {
                pos++;
                return sb.ToString();
            }

            if (c != '\\' || pos + 1 >= s.Length)
            {
                sb.Append(c);
                pos++;
                continue;
            }

            var e = s[pos + 1];
            pos += 2;
            switch (e)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'e' or 'E': sb.Append('\u001b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\' or '\'' or '"' or '?': sb.Append(e); break;
                case >= '0' and <= '7':
                    pos--;
                    sb.Append((char)ReadNumber(s, ref pos, 3, 8));
                    break;
                case 'x':
                    sb.Append((char)ReadNumber(s, ref pos, 2, 16));
                    break;
                case 'u' or 'U':
                    var code = ReadNumber(s, ref pos, e == 'u' ? 4 : 8, 16);
                    sb.Append(code is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32(code) : "\uFFFD");
                    break;
                case 'c' when pos < s.Length:
                    sb.Append((char)(s[pos] & 0x1f));
                    pos++;
                    break;
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }

        return null;
    }

    private static int ReadNumber(string s, ref int pos, int maxDigits, int radix)
    {
        var value = 0;
        var digits = 0;
        while (digits < maxDigits && pos < s.Length && int.TryParse(s.AsSpan(pos, 1), radix == 16 ? NumberStyles.HexNumber : NumberStyles.None, null, out var d) && d < radix)
        {
            value = (value * radix) + d;
            pos++;
            digits++;
        }

        return value;
    }
}
