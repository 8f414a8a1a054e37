using System.Globalization;
using System.Text;
using Coffer.Keys;

namespace Coffer.Data.Secrets;

/// <summary>ListSecrets.</summary>
public sealed partial class SecretsService
{
    private const string TokenPrefix = "coffer-secrets:";

    /// <summary>
    /// ListSecrets: the caller's secrets in the region that match every filter, sorted (by creation date, newest
    /// first, unless asked otherwise), a page of at most <see cref="ListSecretsRequest.MaxResults"/>. Secrets
    /// scheduled for deletion are left out unless <see cref="ListSecretsRequest.IncludePlannedDeletion"/>.
    /// </summary>
    public (IReadOnlyList<Secret> Page, string? NextToken) ListSecrets(KmsCaller caller, ListSecretsRequest request)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var offset = request.NextToken is null ? 0 : ParseToken(request.NextToken);
        var matching = _store.Of(caller.Account, caller.Region)
            .Where(s => !IsGone(s) && (request.IncludePlannedDeletion || !s.IsScheduledForDeletion))
            .Where(s => request.Filters.All(f => f.Matches(s)));
        var sorted = Sort(matching, request.SortBy, request.SortOrder == "asc").ToList();
        var page = sorted.Skip(offset).Take(request.MaxResults).ToList();
        var next = offset + page.Count < sorted.Count ? MakeToken(offset + page.Count) : null;
        return (page, next);
    }

    private static IEnumerable<Secret> Sort(IEnumerable<Secret> secrets, string sortBy, bool ascending)
    {
        // The ARN breaks ties, so pages are stable between calls.
        IOrderedEnumerable<Secret> ordered = sortBy switch
        {
            "name" => ascending ? secrets.OrderBy(s => s.Name, StringComparer.Ordinal) : secrets.OrderByDescending(s => s.Name, StringComparer.Ordinal),
            "last-changed-date" => ascending ? secrets.OrderBy(s => s.LastChangedDate) : secrets.OrderByDescending(s => s.LastChangedDate),
            "last-accessed-date" => ascending ? secrets.OrderBy(s => s.LastAccessedDate) : secrets.OrderByDescending(s => s.LastAccessedDate),
            _ => ascending ? secrets.OrderBy(s => s.CreatedDate) : secrets.OrderByDescending(s => s.CreatedDate),
        };
        return ordered.ThenBy(s => s.Arn, StringComparer.Ordinal);
    }

    private static string MakeToken(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + offset.ToString(CultureInfo.InvariantCulture)));

    private static int ParseToken(string token)
    {
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var written))
        {
            throw SecretsErrors.InvalidNextToken();
        }

        var text = Encoding.UTF8.GetString(bytes, 0, written);
        return text.StartsWith(TokenPrefix, StringComparison.Ordinal) && int.TryParse(text.AsSpan(TokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw SecretsErrors.InvalidNextToken();
    }
}
