using Coffer.Keys.Policies;
using Coffer.Primitives;

namespace Coffer.Keys.Tests.Service;

public sealed class KeyServicePolicyAndTagTests
{
    private const string OnlyAliceMayEncrypt = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"kms:Encrypt","Resource":"*"}]}
        """;

    [Fact]
    public async Task GetKeyPolicy_ReturnsTheDefaultPolicyText_AndOtherNamesAreNotFound()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);

        var policy = await bed.Keys.GetKeyPolicyAsync(bed.Alice, key.KeyId, "default", default);
        var other = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.GetKeyPolicyAsync(bed.Alice, key.KeyId, "mine", default));

        Assert.Equal(DefaultKeyPolicy.For(bed.Alice.Account), policy);
        Assert.Equal(KmsErrors.Codes.NotFound, other.Code);
        Assert.Equal(["default"], await bed.Keys.ListKeyPoliciesAsync(bed.Alice, key.Arn, default));
    }

    [Fact]
    public async Task PutKeyPolicy_ThatLocksTheCallerOut_IsRefusedUnlessBypassed()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);

        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.PutKeyPolicyAsync(bed.Alice, key.KeyId, "default", OnlyAliceMayEncrypt, false, default));
        await bed.Keys.PutKeyPolicyAsync(bed.Alice, key.KeyId, "default", OnlyAliceMayEncrypt, true, default);
        var lockedOut = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.PutKeyPolicyAsync(bed.Alice, key.KeyId, "default", key.Policy, true, default));

        Assert.Equal((KmsErrors.Codes.MalformedPolicyDocument, PolicyMessages.Lockout), (refused.Code, refused.Message));
        Assert.Equal(KmsErrors.Codes.AccessDenied, lockedOut.Code);
        Assert.Equal(OnlyAliceMayEncrypt, await GetAsOwnerAsync(bed, key));
    }

    [Fact]
    public async Task PutKeyPolicy_Malformed_IsMalformedPolicyDocument()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.PutKeyPolicyAsync(bed.Alice, key.KeyId, "default", "{not json", false, default));

        Assert.Equal(KmsErrors.Codes.MalformedPolicyDocument, error.Code);
    }

    [Fact]
    public async Task TagResource_PastFiftyTags_IsLimitExceeded_AndUntagRemoves()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        var fortyNine = Enumerable.Range(0, 49).ToDictionary(i => $"k{i:D2}", i => $"v{i}");

        await bed.Keys.TagResourceAsync(bed.Alice, key.KeyId, fortyNine, default);
        var replaced = new Dictionary<string, string> { ["team"] = "b" };
        await bed.Keys.TagResourceAsync(bed.Alice, key.KeyId, replaced, default);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.TagResourceAsync(bed.Alice, key.KeyId, new Dictionary<string, string> { ["one-more"] = "x" }, default));
        await bed.Keys.UntagResourceAsync(bed.Alice, key.KeyId, ["team", "absent"], default);
        await bed.ReloadAsync();
        var (page, next) = await bed.Keys.ListResourceTagsAsync(bed.Alice, key.KeyId, 50, null, default);

        Assert.Equal(KmsErrors.Codes.LimitExceeded, error.Code);
        Assert.Equal(49, page.Count);
        Assert.Null(next);
        Assert.DoesNotContain(page, t => t.Key == "team");
    }

    [Fact]
    public async Task ListResourceTags_Pages()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await KeyServiceManagementTests.NewKeyAsync(bed);
        await bed.Keys.TagResourceAsync(bed.Alice, key.KeyId, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, default);

        var (first, marker) = await bed.Keys.ListResourceTagsAsync(bed.Alice, key.KeyId, 2, null, default);
        var (second, end) = await bed.Keys.ListResourceTagsAsync(bed.Alice, key.KeyId, 2, marker, default);

        Assert.Equal(["a", "b"], first.Select(t => t.Key));
        Assert.Equal(["team"], second.Select(t => t.Key));
        Assert.Null(end);
    }

    private static async Task<string> GetAsOwnerAsync(KeyServiceTestBed bed, KmsKey key)
    {
        await bed.ReloadAsync();
        return bed.Keys.Store.Find(key.Id)!.Key.Policy;
    }
}
