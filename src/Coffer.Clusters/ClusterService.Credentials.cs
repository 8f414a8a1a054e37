using System.Security.Cryptography;
using System.Text;

namespace Coffer.Clusters;

/// <summary>The master credentials check the Data API makes for every call, against the sealed master password.</summary>
public sealed partial class ClusterService
{
    /// <summary>
    /// Whether <paramref name="username"/> and <paramref name="password"/> are the cluster's master credentials. The
    /// password is compared in constant time, and the opened master password is zeroed at once.
    /// </summary>
    public bool VerifyMasterCredentials(DbCluster cluster, string username, ReadOnlySpan<byte> password)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var master = OpenSealed(cluster.MasterPasswordSealed, cluster.ResourceId);
        try
        {
            var sameUser = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(username), Encoding.UTF8.GetBytes(cluster.MasterUsername));
            return CryptographicOperations.FixedTimeEquals(master, password) & sameUser;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(master);
        }
    }
}
