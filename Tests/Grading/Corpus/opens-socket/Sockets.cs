using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Students.OpensSocket;

// Called first thing in every request: listens on the machine's network address (the first interface that is not
// loopback) and connects to it: a real socket, outside the simulated network. On purpose, the request fails either
// way, and says why:
//  - the network is there (no sandbox): throws InvalidOperationException("opened a socket: ...");
//  - there is none (a sandbox without network has only a loopback of its own): throws InvalidOperationException
//    ("no network: ...") or lets the SocketException through.
static class Sockets
{
    public static void OpenSocket()
    {
        IPAddress? address;
        try
        {
            address = NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        }
        catch (Exception e) when (e is IOException or NetworkInformationException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"no network: the socket could not be opened ({e.Message})", e);
        }
        if (address is null) throw new InvalidOperationException("no network: the socket could not be opened (no interface but loopback)");
        using var listener = new TcpListener(address, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new TcpClient();
        client.Connect(address, port);
        throw new InvalidOperationException($"opened a socket: listened on and connected to {address}:{port}");
    }
}
