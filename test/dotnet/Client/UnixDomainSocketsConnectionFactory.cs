using System.Net;
using System.Net.Sockets;

namespace Client;

/// <summary>The guide's connection factory: every HTTP/2 connection is a Unix domain socket.</summary>
public sealed class UnixDomainSocketsConnectionFactory(EndPoint endPoint)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext _, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
