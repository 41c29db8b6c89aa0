using System.Net;
using System.Net.Sockets;

namespace Students.OpensSocket;

// Called first thing in every request: listens on a loopback port and connects to it (a real socket, outside
// the simulated network). On purpose, the request fails either way, and says why:
//  - the socket works (no sandbox): throws InvalidOperationException("opened a socket: ...");
//  - it is refused (a sandbox without network): the SocketException goes through unchanged.
static class Sockets
{
    public static void OpenSocket()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        throw new InvalidOperationException($"opened a socket: listened on and connected to 127.0.0.1:{port}");
    }
}
