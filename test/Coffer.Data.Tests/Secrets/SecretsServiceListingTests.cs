using Coffer.Data.Secrets;
using Coffer.Primitives;

namespace Coffer.Data.Tests.Secrets;

/// <summary>ListSecrets: filters, negation, planned deletions, sorting and pagination.</summary>
public sealed class SecretsServiceListingTests
{
    private static async Task<SecretsTestBed> SeededAsync()
    {
        var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("prod/db", "v", tags: [new SecretTag("env", "prod")], description: "Production database");
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        await bed.CreateAsync("prod/api", "v", tags: [new SecretTag("env", "prod"), new SecretTag("team", "web")]);
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        await bed.CreateAsync("dev/db", "v", tags: [new SecretTag("env", "dev")], description: "development database");
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        await bed.CreateAsync("old", "v");
        await bed.Secrets.DeleteSecretAsync(bed.Alice, "old", 7, false, default);
        return bed;
    }

    private static List<string> Names(SecretsTestBed bed, params SecretFilter[] filters) =>
        [.. bed.Secrets.ListSecrets(bed.Alice, new ListSecretsRequest { Filters = filters, SortBy = "name", SortOrder = "asc" }).Page.Select(s => s.Name)];

    [Fact]
    public async Task ListSecrets_Default_NewestFirstWithoutPlannedDeletions()
    {
        await using var bed = await SeededAsync();

        var (page, next) = bed.Secrets.ListSecrets(bed.Alice, new ListSecretsRequest());
        var withDeleted = bed.Secrets.ListSecrets(bed.Alice, new ListSecretsRequest { IncludePlannedDeletion = true }).Page;

        Assert.Equal(["dev/db", "prod/api", "prod/db"], page.Select(s => s.Name));
        Assert.Null(next);
        Assert.Equal(["old", "dev/db", "prod/api", "prod/db"], withDeleted.Select(s => s.Name));
    }

    [Fact]
    public async Task ListSecrets_Filters_ArePrefixMatchesAndedAcrossKeysOredAcrossValues()
    {
        await using var bed = await SeededAsync();

        Assert.Equal(["prod/api", "prod/db"], Names(bed, new SecretFilter("name", ["prod/"])));
        Assert.Equal(["dev/db", "prod/db"], Names(bed, new SecretFilter("description", ["PROD", "dev"])));
        Assert.Equal(["prod/api"], Names(bed, new SecretFilter("tag-key", ["team"])));
        Assert.Equal(["prod/api", "prod/db"], Names(bed, new SecretFilter("tag-value", ["prod"])));
        Assert.Equal(["prod/db"], Names(bed, new SecretFilter("tag-value", ["prod"]), new SecretFilter("name", ["prod/d"])));
        Assert.Equal(["dev/db"], Names(bed, new SecretFilter("name", ["!prod"])));
        Assert.Equal(["dev/db", "prod/db"], Names(bed, new SecretFilter("all", ["database"])));
        Assert.Empty(Names(bed, new SecretFilter("name", ["Prod"])));
    }

    [Fact]
    public async Task ListSecrets_Pages_FollowNextTokenToTheEnd()
    {
        await using var bed = await SeededAsync();
        var names = new List<string>();
        string? token = null;
        var pages = 0;

        do
        {
            var (page, next) = bed.Secrets.ListSecrets(bed.Alice, new ListSecretsRequest { MaxResults = 2, NextToken = token, SortBy = "name", SortOrder = "asc" });
            names.AddRange(page.Select(s => s.Name));
            token = next;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["dev/db", "prod/api", "prod/db"], names);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task ListSecrets_ForeignToken_ThrowsInvalidNextToken()
    {
        await using var bed = await SeededAsync();

        var error = Assert.Throws<AwsServiceException>(() => bed.Secrets.ListSecrets(bed.Alice, new ListSecretsRequest { NextToken = "not-ours" }));

        Assert.Equal(SecretsErrors.Codes.InvalidNextToken, error.Code);
    }
}
