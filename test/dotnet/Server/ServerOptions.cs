namespace Server;

/// <summary>The server's command line.</summary>
public sealed record ServerOptions(List<string> PlainSockets, string? TlsSocket, string? CertFile, string? KeyFile)
{
    /// <summary>The guide's default socket: a file named socket.tmp in the temp folder.</summary>
    public static readonly string DefaultSocketPath = Path.Combine(Path.GetTempPath(), "socket.tmp");

    public IEnumerable<string> AllSockets => TlsSocket is null ? PlainSockets : PlainSockets.Append(TlsSocket);

    public static ServerOptions Parse(string[] args)
    {
        var plain = new List<string>();
        string? tls = null, cert = null, key = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--socket": plain.Add(Value()); break;
                case "--default-socket": plain.Add(DefaultSocketPath); break;
                case "--tls-socket": tls = Value(); break;
                case "--cert": cert = Value(); break;
                case "--key": key = Value(); break;
                default: throw new ArgumentException($"unknown argument {args[i]}");
            }
        }
        if (tls is not null && (cert is null || key is null)) throw new ArgumentException("--tls-socket needs --cert and --key");
        if (plain.Count == 0 && tls is null) plain.Add(DefaultSocketPath);
        return new ServerOptions(plain, tls, cert, key);
    }
}
