using System.ComponentModel.DataAnnotations;
using Coffer.Primitives;

namespace Coffer.Server.Hosting;

/// <summary>Settings of the server host, bound from the <c>Coffer</c> configuration section.</summary>
public sealed class CofferOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Coffer";

    /// <summary>
    /// Where Coffer keeps its state. Default <c>./.coffer</c>; <c>--data-dir</c> or <c>COFFER_DATA_DIR</c> override it.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = ".coffer";

    /// <summary>
    /// The root key file. Default <c>&lt;data-dir&gt;/root.key</c>, created on first start; <c>COFFER_ROOT_KEY_FILE</c>
    /// overrides it. Production should mount it from a secret store, outside the data directory.
    /// </summary>
    public string? RootKeyFile { get; set; }

    /// <summary>
    /// The root key that wraps KMS key material, after <c>coffer root-key rotate --new-key-file</c> moved it off the
    /// root key. Default none: the root key wraps it. <c>COFFER_KEY_MATERIAL_KEY_FILE</c> overrides it. The root key
    /// is still needed: the metadata volume and account secrets stay under it.
    /// </summary>
    public string? KeyMaterialKeyFile { get; set; }

    /// <summary>
    /// The largest request body accepted, in bytes. Default 8 MiB: above the largest AWS request Coffer serves (a 4 MiB
    /// RDS Data API batch). Larger bodies are refused with HTTP 413 before they are read whole.
    /// </summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The region names requests may be signed for. Default: AWS's commercial regions.</summary>
    public IList<string> Regions { get; } = [];

    /// <summary>
    /// The region of the generated AWS CLI profiles. Default <c>eu-west-1</c>, not <c>us-east-1</c>: AWS CLI v1 sends
    /// every <c>aws rds</c> command in us-east-1 to <c>https://rds.amazonaws.com</c> unless <c>--endpoint-url</c> is on the
    /// command line, ignoring the profile's <c>endpoint_url</c> (awscli/customizations/overridesslcommonname.py).
    /// </summary>
    [Required]
    public string DefaultRegion { get; set; } = "eu-west-1";

    /// <summary>The effective region set: <see cref="Regions"/>, or the commercial regions when none are configured.</summary>
    public IReadOnlySet<string> EffectiveRegions =>
        Regions.Count == 0 ? AwsRegions.Commercial : Regions.ToHashSet(StringComparer.Ordinal);
}
