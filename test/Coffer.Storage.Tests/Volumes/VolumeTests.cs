using System.Security.Cryptography;
using System.Text;
using Coffer.Storage.Volumes;
using Coffer.TestKit;
using Microsoft.Data.Sqlite;

namespace Coffer.Storage.Tests.Volumes;

public sealed class VolumeTests : IDisposable
{
    private const string Marker = "MARKER-7f3a9c-plaintext-must-never-reach-disk";
    private readonly TestDirectory _directory = new();
    private readonly byte[] _dataKey = RandomNumberGenerator.GetBytes(32);

    private string VolumePath => Path.Combine(_directory.Path, "vol");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public void Create_WriteRowsThenReopen_ReadsThemBack()
    {
        using (var volume = CreateVolume())
        {
            using var connection = volume.OpenConnection();
            Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            for (var i = 0; i < 200; i++)
            {
                Execute(connection, $"INSERT INTO t (v) VALUES ('{Marker}-{i}')");
            }
        }

        using (var volume = Volume.Open(VolumePath, _dataKey))
        {
            using var connection = volume.OpenConnection();
            Assert.Equal(200L, Scalar(connection, "SELECT COUNT(*) FROM t"));
            Assert.Equal($"{Marker}-7", Scalar(connection, "SELECT v FROM t WHERE id = 8"));
            Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        }

        AssertNoPlaintext(Marker);
    }

    private Volume CreateVolume() =>
        Volume.Create(VolumePath, new VolumeKeyMaterial(_dataKey, [1, 2, 3], "arn:aws:kms:us-east-1:111122223333:key/test", new Dictionary<string, string> { ["aws:rds:db-id"] = "cluster-TEST" }), TimeProvider.System);

    private void AssertNoPlaintext(string marker)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        foreach (var file in Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(needle) < 0, $"plaintext marker found in {file}");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
