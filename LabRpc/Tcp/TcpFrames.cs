using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace LabRpc;

/// <summary>
/// The wire format of LabRpc over TCP, the one place it is written down. A connection carries frames both ways:
/// <code>
/// frame   = length:u32 (little-endian, the body's length, at most the receiver's maximum frame size) body
/// request = 0x01 callId:u64 nameLength:u16 name:UTF-8 args       client to server; args: the codec's bytes, to the end
/// reply   = 0x02 callId:u64 reply                                server to client; reply: the codec's bytes, to the end
/// error   = 0x03 callId:u64 code:u8 detailLength:u16 detail:UTF-8 message:UTF-8 (to the end)
/// </code>
/// All integers are little-endian. Call ids are the client's (any 64-bit value but 0; each unique among its calls in
/// flight on the connection); replies come back in the order handlers finish, not the order of requests. Error codes
/// (<see cref="TcpErrorCode"/>): 1 no such method, 2 arguments that do not decode, 3 the handler threw (detail: the
/// exception's type), 4 the call was lost (the caller sees ok=false), 5 a frame that breaks the format or a limit, or a
/// connection refused (call id 0; the server closes the connection after it). Arguments and replies use the same
/// <see cref="ICodec"/> as the simulated network (<see cref="MessagePackCodec"/> by default).
/// </summary>
internal static class TcpFrames
{
    /// <summary>Bytes of the length prefix.</summary>
    public const int PrefixLength = 4;

    /// <summary>Bytes of a request body before the method name: kind, call id, name length.</summary>
    public const int RequestHeaderLength = 1 + 8 + 2;

    /// <summary>Bytes of a reply body before the reply: kind, call id.</summary>
    public const int ReplyHeaderLength = 1 + 8;

    /// <summary>Bytes of an error body before the detail: kind, call id, code, detail length.</summary>
    public const int ErrorHeaderLength = 1 + 8 + 1 + 2;

    /// <summary>The body's length, if the four bytes of the prefix have arrived.</summary>
    public static bool TryReadLength(in ReadOnlySequence<byte> buffer, out uint length)
    {
        length = 0;
        if (buffer.Length < PrefixLength) return false;
        Span<byte> prefix = stackalloc byte[PrefixLength];
        buffer.Slice(0, PrefixLength).CopyTo(prefix);
        length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        return true;
    }

    /// <summary>Writes a request frame into <paramref name="destination"/> (exactly <see cref="RequestSize"/> bytes).</summary>
    public static void WriteRequest(Span<byte> destination, long callId, string method, int methodBytes, ReadOnlySpan<byte> args)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(RequestHeaderLength + methodBytes + args.Length));
        destination[4] = (byte)TcpFrameKind.Request;
        BinaryPrimitives.WriteInt64LittleEndian(destination[5..], callId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[13..], (ushort)methodBytes);
        Encoding.UTF8.GetBytes(method, destination.Slice(15, methodBytes));
        args.CopyTo(destination[(15 + methodBytes)..]);
    }

    /// <summary>The bytes of a request frame, prefix included.</summary>
    public static int RequestSize(int methodBytes, int argsLength) => PrefixLength + RequestHeaderLength + methodBytes + argsLength;

    /// <summary>Writes a reply frame (exactly <see cref="ReplyHeaderLength"/> + 4 + reply bytes).</summary>
    public static void WriteReply(Span<byte> destination, long callId, ReadOnlySpan<byte> reply)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(ReplyHeaderLength + reply.Length));
        destination[4] = (byte)TcpFrameKind.Reply;
        BinaryPrimitives.WriteInt64LittleEndian(destination[5..], callId);
        reply.CopyTo(destination[13..]);
    }

    /// <summary>An error frame, prefix included.</summary>
    public static byte[] Error(long callId, TcpErrorCode code, string detail, string message)
    {
        int detailBytes = Math.Min(Encoding.UTF8.GetByteCount(detail), ushort.MaxValue);
        if (detailBytes < Encoding.UTF8.GetByteCount(detail)) detail = detail[..Math.Min(detail.Length, 1000)];
        detailBytes = Encoding.UTF8.GetByteCount(detail);
        int messageBytes = Encoding.UTF8.GetByteCount(message);
        var frame = new byte[PrefixLength + ErrorHeaderLength + detailBytes + messageBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(frame.Length - PrefixLength));
        frame[4] = (byte)TcpFrameKind.Error;
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(5), callId);
        frame[13] = (byte)code;
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(14), (ushort)detailBytes);
        Encoding.UTF8.GetBytes(detail, frame.AsSpan(16, detailBytes));
        Encoding.UTF8.GetBytes(message, frame.AsSpan(16 + detailBytes));
        return frame;
    }

    /// <summary>Reads an error body (after its kind and call id): code, detail, message; false if it is malformed.</summary>
    public static bool TryReadError(ReadOnlySpan<byte> rest, out TcpErrorCode code, out string detail, out string message)
    {
        code = default;
        detail = message = "";
        if (rest.Length < 3) return false;
        code = (TcpErrorCode)rest[0];
        int detailBytes = BinaryPrimitives.ReadUInt16LittleEndian(rest[1..]);
        if (rest.Length < 3 + detailBytes) return false;
        detail = Encoding.UTF8.GetString(rest.Slice(3, detailBytes));
        message = Encoding.UTF8.GetString(rest[(3 + detailBytes)..]);
        return true;
    }
}
