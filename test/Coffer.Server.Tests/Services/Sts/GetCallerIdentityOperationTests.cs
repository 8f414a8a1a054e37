using System.Text.RegularExpressions;
using Coffer.Server.Tests.Support;
using Coffer.TestKit;

namespace Coffer.Server.Tests.Services.Sts;

public sealed partial class GetCallerIdentityOperationTests
{
    [Fact]
    public async Task Post_SignedFormBody_ReturnsDefaultAccountAdmin()
    {
        await using var server = await CofferTestServer.StartAsync();
        var (accountId, userId) = await MetadataReader.AccountAsync(server.DataDirectory, "default");

        using var response = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", ShapedRequests.GetCallerIdentityForm));

        var identity = await CallerIdentityResponse.ReadAsync(response);
        Assert.Matches(TwelveDigits(), identity.Account);
        Assert.Equal(accountId, identity.Account);
        Assert.Matches(IamUserId(), identity.UserId);
        Assert.Equal(userId, identity.UserId);
        Assert.Equal($"arn:aws:iam::{accountId}:user/admin", identity.Arn);
    }

    [Fact]
    public async Task Get_SignedWithParametersInQueryString_ReturnsSameIdentity()
    {
        await using var server = await CofferTestServer.StartAsync();
        var (accountId, userId) = await MetadataReader.AccountAsync(server.DataDirectory, "default");
        var request = new HttpRequestMessage(HttpMethod.Get, server.At("/?Action=GetCallerIdentity&Version=2011-06-15"));

        using var response = await server.Client.SendAsync(await server.Signer().SignAsync(request, "sts"));

        var identity = await CallerIdentityResponse.ReadAsync(response);
        Assert.Equal(accountId, identity.Account);
        Assert.Equal(userId, identity.UserId);
        Assert.Equal($"arn:aws:iam::{accountId}:user/admin", identity.Arn);
    }

    [Fact]
    public async Task Post_TwoRequests_GetDistinctRequestIds()
    {
        await using var server = await CofferTestServer.StartAsync();

        using var first = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", ShapedRequests.GetCallerIdentityForm));
        using var second = await server.Client.SendAsync(await server.Signer().QueryAsync("sts", ShapedRequests.GetCallerIdentityForm));

        Assert.NotEqual((await CallerIdentityResponse.ReadAsync(first)).RequestId, (await CallerIdentityResponse.ReadAsync(second)).RequestId);
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex TwelveDigits();

    [GeneratedRegex("^AIDA[A-Z2-7]{17}$")]
    private static partial Regex IamUserId();
}
