using System.Net;
using System.Net.Sockets;

namespace Keel.Tools.Web;

/// <summary>
/// Which addresses WebFetch may connect to. Link-local and cloud metadata addresses and names are
/// refused in every permission mode unless a <c>WebFetch(domain:...)</c> allow rule names the host
/// exactly. The decision is made on the address actually connected to (see <see cref="ConnectAsync"/>),
/// after every spelling of an IPv4 address (decimal, hex, octal, short forms, IPv4-mapped or
/// IPv4-compatible IPv6, NAT64) is reduced to the same <see cref="IPAddress"/>.
/// </summary>
/// <param name="exactlyAllowed">True for a host an allow rule names exactly.</param>
/// <param name="resolve">Name resolution (DNS by default; tests substitute it to play a rebinding server).</param>
public sealed class NetworkGuard(Func<string, bool>? exactlyAllowed = null, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private static readonly string[] MetadataNames =
    [
        "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal",
        "metadata.azure.internal", "metadata.azure.com", "metadata.tencentyun.com", "metadata.oraclecloud.com",
    ];

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("fd00:ec2::254"), IPAddress.Parse("100.100.100.200"), IPAddress.Parse("192.0.0.192"),
    ];

    private readonly Func<string, bool> _exactlyAllowed = exactlyAllowed ?? (static _ => false);
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <summary>Why a host name may not be fetched, or null (the address is checked again at connect time).</summary>
    public string? HostRefusal(string host)
    {
        var name = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (_exactlyAllowed(name))
        {
            return null;
        }

        if (MetadataNames.Contains(name, StringComparer.Ordinal))
        {
            return $"{name} is a cloud metadata service name";
        }

        return ParseAddress(name) is { } ip ? AddressRefusal(ip) : null;
    }

    /// <summary>Why an address may not be connected to, or null.</summary>
    public static string? AddressRefusal(IPAddress address)
    {
        var ip = Canonical(address);
        if (MetadataAddresses.Any(m => m.Equals(ip)))
        {
            return $"{ip} is a cloud metadata address";
        }

        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            if (b[0] == 169 && b[1] == 254)
            {
                return $"{ip} is a link-local address (169.254.0.0/16, where cloud metadata services live)";
            }

            if (b[0] == 0)
            {
                return $"{ip} is an unspecified address";
            }

            if (b[0] >= 224)
            {
                return $"{ip} is a multicast or reserved address";
            }

            return null;
        }

        if (ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal)
        {
            return $"{ip} is a link-local address";
        }

        if (ip.Equals(IPAddress.IPv6Any) || ip.IsIPv6Multicast)
        {
            return $"{ip} is an unspecified or multicast address";
        }

        return null;
    }

    /// <summary>
    /// Parses a host as an address in every spelling a resolver or the URL parser accepts:
    /// <c>169.254.169.254</c>, <c>2852039166</c>, <c>0xA9FEA9FE</c>, <c>0251.0376.0251.0376</c>,
    /// <c>169.254.43518</c>, <c>[::ffff:169.254.169.254]</c>.
    /// </summary>
    public static IPAddress? ParseAddress(string host)
    {
        var text = host.Trim('[', ']');
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out var v6) ? Canonical(v6) : null;
        }

        var parts = text.Split('.');
        if (parts.Length is < 1 or > 4 || parts.Any(p => p.Length == 0))
        {
            return null;
        }

        var values = new List<ulong>(parts.Length);
        foreach (var part in parts)
        {
            if (ParseInetPart(part) is not { } value)
            {
                return null;
            }

            values.Add(value);
        }

        // inet_aton: the last part fills the remaining bytes.
        ulong result = 0;
        for (var i = 0; i < values.Count - 1; i++)
        {
            if (values[i] > 255)
            {
                return null;
            }

            result |= values[i] << (8 * (3 - i));
        }

        var lastBytes = 4 - (values.Count - 1);
        var last = values[^1];
        if (last >= 1UL << (8 * lastBytes))
        {
            return null;
        }

        result |= last;
        return new IPAddress([(byte)(result >> 24), (byte)(result >> 16), (byte)(result >> 8), (byte)result]);
    }

    /// <summary>Connects to the first acceptable address of the endpoint and returns the stream; the request never reaches a refused address.</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Trim('[', ']');
        var allowedByRule = _exactlyAllowed(host.TrimEnd('.').ToLowerInvariant());
        if (!allowedByRule && HostRefusal(host) is { } hostRefusal)
        {
            throw new HttpRequestException($"WebFetch refuses {host}: {hostRefusal}");
        }

        var addresses = ParseAddress(host) is { } literal ? [literal] : await _resolve(host, cancellationToken);
        var refusals = new List<string>();
        Exception? last = null;
        foreach (var address in addresses)
        {
            // A name that resolves to a refused address is refused (DNS rebinding cannot swap it in later:
            // the socket connects to exactly this checked address).
            if (!allowedByRule && AddressRefusal(address) is { } refusal)
            {
                refusals.Add(refusal);
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }

        if (refusals.Count > 0)
        {
            throw new HttpRequestException($"WebFetch refuses {host}: {refusals[0]}");
        }

        throw new HttpRequestException($"could not connect to {host}: {last?.Message ?? "no address"}", last);
    }

    private static IPAddress Canonical(IPAddress ip)
    {
        if (ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return ip;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            return ip.MapToIPv4();
        }

        var b = ip.GetAddressBytes();

        // IPv4-compatible (::a.b.c.d) and the NAT64 well-known prefix (64:ff9b::/96) embed an IPv4 address.
        var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && (b[12] | b[13]) != 0;
        var nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        return compatible || nat64 ? new IPAddress(b.AsSpan(12, 4)) : ip;
    }

    private static ulong? ParseInetPart(string part)
    {
        try
        {
            if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return part.Length == 2 ? 0 : Convert.ToUInt64(part[2..], 16);
            }

            if (part.Length > 1 && part[0] == '0')
            {
                return part.All(c => c is >= '0' and <= '7') ? Convert.ToUInt64(part, 8) : null;
            }

            return part.All(char.IsAsciiDigit) ? ulong.Parse(part, System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }
}
