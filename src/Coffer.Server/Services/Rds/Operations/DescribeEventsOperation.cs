using System.Globalization;
using Coffer.Clusters;
using Coffer.Keys;
using Coffer.Protocols.AwsQuery;

namespace Coffer.Server.Services.Rds.Operations;

/// <summary>
/// DescribeEvents: cluster events (creation, deletion, start, stop, losing the key) of the last <c>Duration</c>
/// minutes (default 60) or between <c>StartTime</c> and <c>EndTime</c>, oldest first, at most 14 days back.
/// </summary>
internal sealed class DescribeEventsOperation(ClusterService clusters, RdsEventLog events, TimeProvider time) : RdsOperation(clusters)
{
    /// <inheritdoc />
    public override string Name => "DescribeEvents";

    /// <inheritdoc />
    protected override async ValueTask<Action<QueryXmlWriter>?> ExecuteAsync(KmsCaller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        var max = MaxRecords(parameters);
        var sourceType = parameters.GetString("SourceType");
        if (sourceType is not (null or "db-cluster" or "db-instance" or "db-cluster-snapshot" or "db-snapshot" or "db-parameter-group" or "db-security-group" or "db-proxy" or "blue-green-deployment" or "custom-engine-version" or "db-cluster-parameter-group" or "db-shard-group"))
        {
            throw RdsErrors.InvalidParameterValue($"Invalid value {sourceType} for SourceType.");
        }

        var sourceId = parameters.GetString("SourceIdentifier");
        if (sourceId is not null && sourceType is null)
        {
            throw RdsErrors.InvalidParameterCombination("Cannot specify SourceIdentifier without SourceType.");
        }

        var now = time.GetUtcNow();
        var end = parameters.GetTimestamp("EndTime") ?? now;
        var start = parameters.GetTimestamp("StartTime") ?? end.AddMinutes(-(parameters.GetInt32("Duration") ?? 60));
        var categories = parameters.GetList("EventCategories").ToHashSet(StringComparer.Ordinal);
        var after = parameters.GetString("Marker") is { } marker
            ? long.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw RdsErrors.InvalidParameterValue("The marker is not valid.")
            : 0L;
        var found = new List<RdsEvent>();
        long? next = null;
        while (found.Count <= max)
        {
            var page = await events.ListAsync(caller.Account, caller.Region, start, end, after, 500, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].Id;
            found.AddRange(page.Where(e => (sourceType is null || sourceType == e.SourceType) && (sourceId is null || e.SourceIdentifier == sourceId) && (categories.Count == 0 || categories.Contains(e.Category))));
        }

        if (found.Count > max)
        {
            next = found[max - 1].Id;
            found = found[..max];
        }

        return xml =>
        {
            xml.List("Events", "Event", found, (w, e) =>
            {
                w.Element("SourceIdentifier", e.SourceIdentifier);
                w.Element("SourceType", e.SourceType);
                w.Element("Message", e.Message);
                w.StringList("EventCategories", "EventCategory", [e.Category]);
                w.Element("Date", e.Date);
                w.Element("SourceArn", e.SourceArn);
            });
            if (next is { } n)
            {
                xml.Element("Marker", n.ToString(CultureInfo.InvariantCulture));
            }
        };
    }
}
