using System.Buffers.Binary;
using Coffer.Storage.Vfs;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;
using static Coffer.Storage.Tests.Volumes.VolumeTestSupport;

namespace Coffer.Storage.Tests.Vfs;

/// <summary>The WAL as written through the VFS: frame headers, masks and page images on disk.</summary>
public sealed class WalFileStateTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void Frames_OnDisk_PageImagesDecryptUnderTheirHeadersAndChecksumsAreNotInClear()
    {
        var path = Path.Combine(_directory.Path, "vol");
        var key = NewKey();
        using var volume = Create(path, key);
        using var connection = volume.OpenConnection();
        Execute(connection, "PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v TEXT)");
        for (var i = 0; i < 5; i++)
        {
            Execute(connection, "INSERT INTO t VALUES ($p0)", new string((char)('a' + i), 100));
        }

        var wal = File.ReadAllBytes(WalPath(path));
        using var keys = new VolumeKeys(key, Convert.FromBase64String(volume.Manifest.Salt));
        using var pages = new PageCipher(keys.PageKey);
        var bigEndian = (BinaryPrimitives.ReadUInt32BigEndian(wal) & 1) == 1;
        var s0 = BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(24));
        var s1 = BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(28));
        var frames = WalFrameCount(WalPath(path));
        Assert.Equal(7, frames); // CREATE TABLE: pages 1 and 2; each INSERT: page 2

        for (var i = 0; i < frames; i++)
        {
            var offset = (int)WalFrameOffset(i);
            var header = wal.AsSpan(offset, WalFrameHeaderSize);
            Assert.True(header.Slice(8, 8).SequenceEqual(wal.AsSpan(16, 8)), $"frame {i}: the salts should be the WAL header's, in plain");
            var aad = new byte[25];
            aad[0] = (byte)'W';
            header[..16].CopyTo(aad.AsSpan(1));
            BinaryPrimitives.WriteInt64BigEndian(aad.AsSpan(17), offset);
            var plain = new byte[PageSize];
            Assert.True(pages.TryDecrypt(wal.AsSpan(offset + WalFrameHeaderSize, PageSize), plain, aad), $"frame {i} does not decrypt under its header");

            // SQLite's own checksum chain over the plaintext: what the header would hold in clear.
            (s0, s1) = Checksum(header[..8], s0, s1, bigEndian);
            (s0, s1) = Checksum(plain, s0, s1, bigEndian);
            Assert.NotEqual(s0, BinaryPrimitives.ReadUInt32BigEndian(header[16..]));
            Assert.NotEqual(s1, BinaryPrimitives.ReadUInt32BigEndian(header[20..]));
        }
    }

    [Fact]
    public void Frames_OfUnencryptedVolume_CarrySqlitesChecksumsInClear()
    {
        // The control for the test above: the same chain computed here matches what plain SQLite writes.
        var path = Path.Combine(_directory.Path, "plain");
        using var volume = Volume.CreateUnencrypted(path, TimeProvider.System);
        using var connection = volume.OpenConnection();
        Execute(connection, "PRAGMA wal_autocheckpoint=0; CREATE TABLE t (v TEXT)");
        for (var i = 0; i < 5; i++)
        {
            Execute(connection, "INSERT INTO t VALUES ($p0)", new string((char)('a' + i), 100));
        }

        var wal = File.ReadAllBytes(WalPath(path));
        var bigEndian = (BinaryPrimitives.ReadUInt32BigEndian(wal) & 1) == 1;
        var s0 = BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(24));
        var s1 = BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(28));
        var frames = WalFrameCount(WalPath(path));
        Assert.Equal(7, frames);

        for (var i = 0; i < frames; i++)
        {
            var offset = (int)WalFrameOffset(i);
            var header = wal.AsSpan(offset, WalFrameHeaderSize);
            (s0, s1) = Checksum(header[..8], s0, s1, bigEndian);
            (s0, s1) = Checksum(wal.AsSpan(offset + WalFrameHeaderSize, PageSize), s0, s1, bigEndian);
            Assert.Equal(s0, BinaryPrimitives.ReadUInt32BigEndian(header[16..]));
            Assert.Equal(s1, BinaryPrimitives.ReadUInt32BigEndian(header[20..]));
        }
    }

    [Fact(Skip = "BUG (low): the WAL checksum mask is a function of (frame offset, salt-1, salt-2) only, and storage-format.md says 'a mask is used for one frame only', but within one WAL generation SQLite writes different frames at the same offset with the same salts: after a transaction that spilled frames is rolled back, the next transaction overwrites them in place (likewise walRewriteChecksums and a torn tail being overwritten). The two masked checksums then XOR to the XOR of the two plaintext checksums. Binding the mask to something that changes per write (the page's nonce, e.g. its epoch id and counter) would make each mask single-use.")]
    public void RolledBackSpilledTransaction_NextTransaction_NeverReusesAFrameOffsetAndSaltsForAnotherFrame()
    {
        var path = Path.Combine(_directory.Path, "vol");
        using var volume = Create(path, NewKey());
        using var connection = volume.OpenConnection();
        Execute(connection, "PRAGMA wal_autocheckpoint=0; PRAGMA cache_size=-64; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
        var committedFrames = WalFrameCount(WalPath(path));

        byte[] spilled;
        using (var transaction = connection.BeginTransaction())
        {
            for (var i = 0; i < 500; i++)
            {
                Execute(connection, "INSERT INTO t (v) VALUES ($p0)", new string('s', 200));
            }

            Assert.True(WalFrameCount(WalPath(path)) > committedFrames, "the transaction should have spilled frames into the WAL");
            spilled = ReadBytes(WalPath(path), WalFrameOffset(committedFrames), WalFrameHeaderSize);
            transaction.Rollback();
        }

        Execute(connection, "INSERT INTO t (v) VALUES ('after the rollback')");
        var rewritten = ReadBytes(WalPath(path), WalFrameOffset(committedFrames), WalFrameHeaderSize);

        var sameSalts = spilled.AsSpan(8, 8).SequenceEqual(rewritten.AsSpan(8, 8));
        var otherFrame = !spilled.AsSpan().SequenceEqual(rewritten);
        Assert.False(sameSalts && otherFrame, "two different frames were written at one offset under the same salts, so under the same checksum mask");
    }

    /// <summary>SQLite's WAL checksum (wal.c walChecksumBytes) over 8-byte steps.</summary>
    private static (uint S0, uint S1) Checksum(ReadOnlySpan<byte> data, uint s0, uint s1, bool bigEndian)
    {
        for (var i = 0; i < data.Length; i += 8)
        {
            var x0 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            var x1 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            unchecked
            {
                s0 += x0 + s1;
                s1 += x1 + s0;
            }
        }

        return (s0, s1);
    }
}
