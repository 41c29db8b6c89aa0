using Microsoft.Extensions.Logging;

namespace LabRpc;

/// <summary>One request read from a connection, run on the server's node.</summary>
internal sealed class TcpServerCall(TcpServerConnection connection, long id, Handler? handler, string? missingMethod, byte[] args)
{
    public static readonly SendOrPostCallback ExecuteCallback = static s => ((TcpServerCall)s!).Execute();

    /// <summary>Runs the handler (on the node) and writes its reply, or the error the simulated network would raise.</summary>
    public void Execute()
    {
        var server = connection.Server;
        server.Served.Count++;
        if (handler is null)
        {
            string message = server.Served.DescribeMissing(missingMethod!, server.Node.Name);
            server.Log.LogWarning("{Remote}: {Message}", connection.Remote, message);
            connection.SendError(id, TcpErrorCode.MethodNotFound, "", message);
            return;
        }
        ValueTask<byte[]> reply;
        try
        {
            reply = handler.Invoke(server.Codec, args);
        }
        catch (Exception error)
        {
            Failed(error);
            return;
        }
        if (reply.IsCompletedSuccessfully && server.BeforeReply is null) connection.SendReply(id, reply.Result);
        else _ = FinishAsync(reply);
    }

    private async Task FinishAsync(ValueTask<byte[]> pending)
    {
        byte[] reply;
        try
        {
            reply = await pending;
        }
        catch (Exception error)
        {
            Failed(error);
            return;
        }
        if (connection.Server.BeforeReply is { } before)
        {
            try
            {
                await before();
            }
            catch (Exception error)
            {
                connection.Server.Log.LogError(error, "{Remote}: call {Method}: the reply is not sent, waiting before it failed: {Type}: {Message}",
                    connection.Remote, handler!.Name, error.GetType().Name, error.Message);
                connection.SendError(id, TcpErrorCode.Unavailable, "", $"The server could not finish {handler.Name}: {error.Message}");
                return;
            }
        }
        connection.SendReply(id, reply);
    }

    private void Failed(Exception error)
    {
        var server = connection.Server;
        if (error is RpcException)
        {
            server.Log.LogWarning("{Remote}: {Message}", connection.Remote, error.Message);
            connection.SendError(id, TcpErrorCode.BadArguments, error.GetType().Name, error.Message);
            return;
        }
        string message = $"Handler {handler!.Name} on server '{server.Node.Name}' threw {error.GetType().Name}: {error.Message} " +
            "A handler must not throw; answer with an error code in the reply instead.";
        server.Log.LogError(error, "{Remote}: {Message}", connection.Remote, message);
        connection.SendError(id, TcpErrorCode.HandlerThrew, error.GetType().FullName ?? error.GetType().Name, message);
    }
}
