using Coffer.Keys.Crypto;
using Coffer.Keys.Service;
using Coffer.Keys.Store;
using Coffer.Storage;

namespace Coffer.Keys.Tests.Service;

public sealed class RootKeyRotationTests
{
    private const int Rows = 6;
    private static readonly byte[] Secret = "the quick brown fox"u8.ToArray();

    public static TheoryData<int> CrashPoints() => [.. Enumerable.Range(0, Rows + 1)];

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task Rewrap_CrashingAfterEveryRow_LeavesEachRowUnderOneKeyAndResumes(int crashAfter)
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        using var newRootKey = RootKey.CreateRandom();
        var blobs = await KeysWithRotationsAsync(bed);
        var crash = new InvalidOperationException("crash injected");

        if (crashAfter < Rows)
        {
            var thrown = await Record.ExceptionAsync(() => RootKeyRotation.RewrapAsync(bed.Keys.Store, newRootKey, [bed.RootKey], n => { if (n == crashAfter + 1) throw crash; }, default));
            Assert.Same(crash, thrown);
        }
        else
        {
            await RootKeyRotation.RewrapAsync(bed.Keys.Store, newRootKey, [bed.RootKey], null, default);
        }

        await bed.ReloadAsync();
        var fingerprints = AllMaterials(bed.Keys.Store).Select(m => m.RootKeyFingerprint).ToList();
        var moved = Math.Min(crashAfter + 1, Rows);
        Assert.Equal(moved, fingerprints.Count(f => f == newRootKey.Fingerprint));
        Assert.Equal(Rows - moved, fingerprints.Count(f => f == bed.RootKey.Fingerprint));
        Assert.Equal(moved == Rows ? [] : new HashSet<string> { bed.RootKey.Fingerprint }, RootKeyRotation.MissingFingerprints(bed.Keys.Store, [newRootKey]));
        using (var both = new KeyService(bed.Keys.Store, newRootKey, [bed.RootKey], bed.Time, bed.Options))
        {
            await AssertAllDecryptAsync(bed, both, blobs);
        }

        var (rewrapped, skipped) = await RootKeyRotation.RewrapAsync(bed.Keys.Store, newRootKey, [bed.RootKey], null, default);
        await bed.ReloadAsync();

        Assert.Equal((Rows - moved, moved), (rewrapped, skipped));
        Assert.Empty(RootKeyRotation.MissingFingerprints(bed.Keys.Store, [newRootKey]));
        using var newOnly = new KeyService(bed.Keys.Store, newRootKey, [], bed.Time, bed.Options);
        await AssertAllDecryptAsync(bed, newOnly, blobs);
    }

    [Fact]
    public async Task Rewrap_WithoutTheKeyARowNames_Refuses()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        using var newRootKey = RootKey.CreateRandom();
        await KeysWithRotationsAsync(bed);

        await Assert.ThrowsAsync<InvalidOperationException>(() => RootKeyRotation.RewrapAsync(bed.Keys.Store, newRootKey, [], null, default));
    }

    private static async Task<List<byte[]>> KeysWithRotationsAsync(KeyServiceTestBed bed)
    {
        var blobs = new List<byte[]>();
        for (var k = 0; k < 2; k++)
        {
            var key = await KeyServiceManagementTests.NewKeyAsync(bed);
            for (var generation = 0; generation < Rows / 2; generation++)
            {
                if (generation > 0)
                {
                    await bed.Keys.RotateKeyOnDemandAsync(bed.Alice, key.KeyId, default);
                }

                blobs.Add((await bed.Keys.EncryptAsync(bed.Alice, key.KeyId, Secret, EncryptionContext.Empty, null, false, default)).CiphertextBlob);
            }
        }

        return blobs;
    }

    private static IEnumerable<KmsKeyMaterial> AllMaterials(KeyStore store) => store.AllKeys.SelectMany(k => store.Find(k.Id)!.Materials);

    private static async Task AssertAllDecryptAsync(KeyServiceTestBed bed, KeyService keys, List<byte[]> blobs)
    {
        foreach (var blob in blobs)
        {
            using var decrypted = await keys.DecryptAsync(bed.Alice, blob, EncryptionContext.Empty, null, null, false, default);
            Assert.Equal(Secret, decrypted.Plaintext.ReadOnlySpan.ToArray());
        }
    }
}
