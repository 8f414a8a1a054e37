using Coffer.Clusters;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>The <c>Tags.Tag.N.Key/Value</c> list of RDS calls.</summary>
internal static class RdsTags
{
    /// <summary>Reads the tags (at most 50, keys 1–128 characters, values up to 256, no <c>aws:</c> keys).</summary>
    public static IReadOnlyDictionary<string, string> Read(QueryParameters parameters)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in parameters.GetStructureList("Tags"))
        {
            var key = tag.GetValueOrDefault("Key") ?? throw RdsErrors.InvalidParameterValue("Each tag needs a Key.");
            var value = tag.GetValueOrDefault("Value") ?? string.Empty;
            if (key.Length is < 1 or > 128 || value.Length > 256 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw RdsErrors.InvalidParameterValue($"Invalid tag {key}: keys are 1 to 128 characters and may not start with 'aws:'; values are at most 256 characters.");
            }

            tags[key] = value;
        }

        return tags.Count > 50 ? throw RdsErrors.InvalidParameterValue("A resource can have at most 50 tags.") : tags;
    }
}
