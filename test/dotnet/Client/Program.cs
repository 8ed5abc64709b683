// A .NET client written the way Microsoft's "Inter-process communication with gRPC" guide writes one:
// a SocketsHttpHandler whose ConnectCallback dials a Unix domain socket, and for TLS a certificate check
// by SHA-256 thumbprint. It makes one call of each kind to the demo service and prints one JSON line each.
//
//   Client --socket PATH [--thumbprint HEX]
//
// Exit code 0 when every call succeeded, 1 otherwise (the error on stderr), 2 on a usage error.
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using Client;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Grpcipc.Demo.V1;

string? socketPath = null, thumbprint = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--socket" when i + 1 < args.Length: socketPath = args[++i]; break;
        case "--thumbprint" when i + 1 < args.Length: thumbprint = args[++i]; break;
        default:
            Console.Error.WriteLine($"usage: Client --socket PATH [--thumbprint HEX] (unexpected {args[i]})");
            return 2;
    }
}
if (socketPath is null)
{
    Console.Error.WriteLine("usage: Client --socket PATH [--thumbprint HEX]");
    return 2;
}

var connectionFactory = new UnixDomainSocketsConnectionFactory(new UnixDomainSocketEndPoint(socketPath));
var handler = new SocketsHttpHandler { ConnectCallback = connectionFactory.ConnectAsync };
if (thumbprint is not null)
{
    // The guide's security section: trust the server whose certificate has this thumbprint, and no other.
    handler.SslOptions = new SslClientAuthenticationOptions
    {
        RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null
            && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase),
    };
}
using var channel = GrpcChannel.ForAddress(thumbprint is null ? "http://localhost" : "https://localhost", new GrpcChannelOptions { HttpHandler = handler });
var client = new Demo.DemoClient(channel);
var deadline = DateTime.UtcNow.AddSeconds(20);

void Print(string kind, IMessage message) => Console.WriteLine($"{{\"kind\":\"{kind}\",\"message\":{JsonFormatter.Default.Format(message)}}}");

try
{
    var sample = new Sample { Text = "from .NET", Big = 9_007_199_254_740_993, Mood = Mood.Curious, Blob = ByteString.CopyFrom(1, 2, 3), Name = "oneof" };
    sample.Words.Add(["a", "b"]);
    sample.Counts.Add("x", -5);
    var echo = await client.EchoAsync(new EchoRequest { Message = "hello from .NET", Sample = sample }, deadline: deadline);
    Print("unary", echo);

    using (var countdown = client.Countdown(new CountdownRequest { Count = 3, Interval = new Google.Protobuf.WellKnownTypes.Duration() }, deadline: deadline))
        await foreach (var message in countdown.ResponseStream.ReadAllAsync()) Print("server-streaming", message);

    using (var collect = client.Collect(deadline: deadline))
    {
        foreach (var (word, number) in new[] { ("one", 1L), ("two", 2L), ("big", 9_007_199_254_740_993L) })
            await collect.RequestStream.WriteAsync(new CollectRequest { Word = word, Number = number, Mood = Mood.Happy });
        await collect.RequestStream.CompleteAsync();
        Print("client-streaming", await collect);
    }

    using (var chat = client.Chat(deadline: deadline))
    {
        var reading = Task.Run(async () =>
        {
            await foreach (var message in chat.ResponseStream.ReadAllAsync()) Print("bidi", message);
        });
        foreach (var text in new[] { "hi", "bye" }) await chat.RequestStream.WriteAsync(new ChatMessage { Text = text, Mood = Mood.Grumpy });
        await chat.RequestStream.CompleteAsync();
        await reading;
    }
    return 0;
}
catch (RpcException error)
{
    Console.Error.WriteLine($"{error.StatusCode}: {error.Status.Detail}{(error.Status.DebugException is { } inner ? $" ({inner.GetBaseException().Message})" : "")}");
    return 1;
}
