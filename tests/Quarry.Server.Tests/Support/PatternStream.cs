namespace Quarry.Server.Tests.Support;

/// <summary>
/// A read-only stream of <c>length</c> deterministic pseudo-random bytes generated on the fly, so a test can send a
/// large body without holding it in memory, and check what comes back byte by byte with <see cref="At"/>.
/// </summary>
public sealed class PatternStream(long length) : Stream
{
    long _position;

    /// <summary>The byte at <paramref name="position"/>.</summary>
    public static byte At(long position) => (byte)(((ulong)position * 2654435761UL) >> 13);

    /// <summary>Fills <paramref name="buffer"/> with the bytes starting at <paramref name="start"/>.</summary>
    public static void Fill(Span<byte> buffer, long start)
    {
        for (int i = 0; i < buffer.Length; i++) buffer[i] = At(start + i);
    }

    /// <summary>Reads <paramref name="stream"/> to its end and returns the first position whose byte differs from the pattern (−1 if none) and the count read.</summary>
    public static async Task<(long FirstMismatch, long Count)> VerifyAsync(Stream stream, long start = 0)
    {
        var buffer = new byte[64 * 1024];
        long position = start, mismatch = -1;
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            for (int i = 0; i < n && mismatch < 0; i++)
                if (buffer[i] != At(position + i)) mismatch = position + i;
            position += n;
        }
        return (mismatch, position - start);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, length - _position);
        Fill(buffer[..n], _position);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
