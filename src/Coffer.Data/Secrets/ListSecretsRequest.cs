namespace Coffer.Data.Secrets;

/// <summary>ListSecrets' input.</summary>
public sealed record ListSecretsRequest
{
    /// <summary>Whether secrets scheduled for deletion are listed.</summary>
    public bool IncludePlannedDeletion { get; init; }

    /// <summary>The page size, 1–100.</summary>
    public int MaxResults { get; init; } = 100;

    /// <summary>The token of a previous page.</summary>
    public string? NextToken { get; init; }

    /// <summary>The filters, all of which a secret must match.</summary>
    public IReadOnlyList<SecretFilter> Filters { get; init; } = [];

    /// <summary><c>created-date</c> (default), <c>last-accessed-date</c>, <c>last-changed-date</c> or <c>name</c>.</summary>
    public string SortBy { get; init; } = "created-date";

    /// <summary><c>asc</c> or <c>desc</c> (default).</summary>
    public string SortOrder { get; init; } = "desc";
}
