namespace Coffer.Protocols.Tests.SigV4;

/// <summary>
/// The vectors of AWS's "Signature Version 4 test suite" (aws-sig-v4-test-suite, 2015-08-30), typed in as data:
/// the request line and headers of each <c>.req</c>, the <c>.creq</c>, the hash line of the <c>.sts</c> and the
/// signature of the <c>.authz</c>. Credentials AKIDEXAMPLE, region us-east-1, service <c>service</c>.
/// </summary>
/// <remarks>
/// Two cases differ from some redistributions of the suite: <c>post-x-www-form-urlencoded</c> signs only
/// content-type;host;x-amz-date (no content-length) and <c>post-x-www-form-urlencoded-parameters</c> sends
/// <c>charset=utf8</c>. Those are the only canonical requests whose hashes match the published string to sign and
/// <c>Authorization</c> signature.
/// </remarks>
public static class SigV4TestSuite
{
    private const string EmptyBody = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string SessionToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    private static readonly (string, string[]) Host = H("Host", "example.amazonaws.com");
    private static readonly (string, string[]) Date = H("X-Amz-Date", "20150830T123600Z");
    private static readonly string[] HostDate = ["host", "x-amz-date"];
    private static readonly string[] HostHeader1Date = ["host", "my-header1", "x-amz-date"];

    public static IReadOnlyList<SigV4TestVector> All { get; } =
    [
        // ---- Basic requests ----
        new("get-vanilla", "GET", "/", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),

        // The published get-vanilla-query request has no query at all: it is get-vanilla again.
        new("get-vanilla-query", "GET", "/", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),

        new("get-vanilla-query-order-key", "GET", "/?Param1=value2&Param1=Value1", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "Param1=Value1&Param1=value2", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89",
            "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"),

        new("get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "Param1=value1&Param2=value2", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),

        new("get-vanilla-query-order-value", "GET", "/?Param1=value2&Param1=value1", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "Param1=value1&Param1=value2", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "c968629d70850097a2d8781c9bf7edcb988b04cac14cca9be4acc3595f884606",
            "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),

        new("get-vanilla-query-unreserved", "GET", $"/?{Unreserved}={Unreserved}", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", $"{Unreserved}={Unreserved}", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
            "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),

        new("get-vanilla-utf8-query", "GET", "/?\u1234=bar", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "%E1%88%B4=bar", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073",
            "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),

        // Despite its name, the published request is GET /?Param1=value1.
        new("get-vanilla-empty-query-key", "GET", "/?Param1=value1", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "Param1=value1", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "1e24db194ed7d0eec2de28d7369675a243488e08526e8c1c73571282f7c517ab",
            "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),

        new("get-unreserved", "GET", $"/{Unreserved}", [Host, Date], string.Empty, HostDate,
            Lines("GET", $"/{Unreserved}", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),

        new("get-utf8", "GET", "/\u1234", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/%E1%88%B4", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
            "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),

        // ---- Headers ----
        new("get-header-key-duplicate", "GET", "/", [Host, H("My-Header1", "value2", "value2", "value1"), Date], string.Empty, HostHeader1Date,
            Lines("GET", "/", "", "host:example.amazonaws.com", "my-header1:value2,value2,value1", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", EmptyBody),
            "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),

        new("get-header-value-order", "GET", "/", [Host, H("My-Header1", "value4", "value1", "value3", "value2"), Date], string.Empty, HostHeader1Date,
            Lines("GET", "/", "", "host:example.amazonaws.com", "my-header1:value4,value1,value3,value2", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", EmptyBody),
            "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86",
            "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),

        // Values as they follow the colon on the wire: "My-Header1: value1" and "My-Header2: \"a   b   c\"".
        new("get-header-value-trim", "GET", "/", [Host, H("My-Header1", " value1"), H("My-Header2", " \"a   b   c\""), Date], string.Empty,
            ["host", "my-header1", "my-header2", "x-amz-date"],
            Lines("GET", "/", "", "host:example.amazonaws.com", "my-header1:value1", "my-header2:\"a b c\"", "x-amz-date:20150830T123600Z", "", "host;my-header1;my-header2;x-amz-date", EmptyBody),
            "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),

        // ---- POST ----
        new("post-vanilla", "POST", "/", [Host, Date], string.Empty, HostDate,
            Lines("POST", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),

        new("post-vanilla-query", "POST", "/?Param1=value1", [Host, Date], string.Empty, HostDate,
            Lines("POST", "/", "Param1=value1", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),

        new("post-vanilla-empty-query-value", "POST", "/?Param1=value1", [Host, Date], string.Empty, HostDate,
            Lines("POST", "/", "Param1=value1", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),

        // Query names and values made only of reserved characters (@#$%^ with an empty value, and + = /,?><`";:\|][{}),
        // percent-encoded on the wire here so that the form decoder can read them. The published fixture for this
        // case carries the Authorization header; the canonical request below is the one that signature commits to.
        new("post-vanilla-query-nonunreserved", "POST", "/?%40%23%24%25%5E&%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D", [Host, Date], string.Empty, HostDate,
            Lines("POST", "/", "%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D&%40%23%24%25%5E=", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "13c1a9775a543ebd153fdebba799dc0572ea298c6aac14eb1a86998b980c2a34",
            "66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"),

        new("post-header-key-case", "POST", "/", [Host, Date], string.Empty, HostDate,
            Lines("POST", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),

        new("post-header-key-sort", "POST", "/", [Host, H("My-Header1", "value1"), Date], string.Empty, HostHeader1Date,
            Lines("POST", "/", "", "host:example.amazonaws.com", "my-header1:value1", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", EmptyBody),
            "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
            "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),

        new("post-header-value-case", "POST", "/", [Host, H("My-Header1", "VALUE1"), Date], string.Empty, HostHeader1Date,
            Lines("POST", "/", "", "host:example.amazonaws.com", "my-header1:VALUE1", "x-amz-date:20150830T123600Z", "", "host;my-header1;x-amz-date", EmptyBody),
            "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93",
            "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),

        new("post-sts-header-before", "POST", "/", [Host, Date, H("X-Amz-Security-Token", SessionToken)], string.Empty,
            ["host", "x-amz-date", "x-amz-security-token"],
            Lines("POST", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", $"x-amz-security-token:{SessionToken}", "", "host;x-amz-date;x-amz-security-token", EmptyBody),
            "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6",
            "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),

        new("post-x-www-form-urlencoded", "POST", "/",
            [H("Content-Type", "application/x-www-form-urlencoded"), Host, Date, H("Content-Length", "13")], "Param1=value1",
            ["content-type", "host", "x-amz-date"],
            Lines("POST", "/", "", "content-type:application/x-www-form-urlencoded", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "content-type;host;x-amz-date",
                "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),

        new("post-x-www-form-urlencoded-parameters", "POST", "/",
            [H("Content-Type", "application/x-www-form-urlencoded; charset=utf8"), Host, Date, H("Content-Length", "13")], "Param1=value1",
            ["content-type", "host", "x-amz-date"],
            Lines("POST", "/", "", "content-type:application/x-www-form-urlencoded; charset=utf8", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "content-type;host;x-amz-date",
                "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
            "2e1cf7ed91881a30569e46552437e4156c823447bf1781b921b5d486c568dd1c",
            "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),

        // ---- normalize-path ----
        new("get-relative", "GET", "/example/..", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),

        new("get-relative-relative", "GET", "/example1/example2/../..", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),

        new("get-slash", "GET", "//", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),

        new("get-slash-dot-slash", "GET", "/./", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),

        new("get-slash-pointless-dot", "GET", "/./example", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/example", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702",
            "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),

        new("get-slashes", "GET", "//example//", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/example/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015",
            "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),

        // The suite's request line holds a literal space: GET /example space/ HTTP/1.1.
        new("get-space", "GET", "/example space/", [Host, Date], string.Empty, HostDate,
            Lines("GET", "/example%20space/", "", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EmptyBody),
            "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
            "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
    ];

    /// <summary>The case names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var vector in All)
            {
                names.Add(vector.Name);
            }

            return names;
        }
    }

    public static SigV4TestVector Get(string name) => All.Single(v => v.Name == name);

    private static (string, string[]) H(string name, params string[] values) => (name, values);

    private static string Lines(params string[] lines) => string.Join('\n', lines);
}
