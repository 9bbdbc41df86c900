using System.Text.Json.Serialization;
using Routing.Pipeline;

namespace Routing.Integrations.Lambda;

/// <summary>
/// The payload format 2.0 event a Lambda-style function receives, with AWS's JSON member names, for typed handlers
/// written without the Amazon.Lambda packages (see <see cref="LambdaIntegration.Create(Func{PayloadV2Request, CancellationToken, ValueTask{PayloadV2Response}})"/>).
/// </summary>
public sealed class PayloadV2Request
{
    private const int HeadersPart = 1;
    private const int CookiesPart = 2;
    private const int QueryPart = 4;
    private const int ContextPart = 8;
    private const int BodyPart = 16;
    private const int Base64Part = 32;
    private const int PathPart = 64;
    private const int StagePart = 128;

    // PERF: DispatchBenchmarks. An event made by the gateway makes each costly member when the handler first reads it
    // (a handler that reads only its path parameters makes no header dictionary); one set by hand or read from JSON
    // has no source and is a plain object.
    private readonly IntegrationRequest? _source;
    private readonly ReadOnlyMemory<byte> _sourceBody;
    private int _pending;
    private IList<string>? _cookies;
    private IDictionary<string, string>? _headers;
    private IDictionary<string, string>? _queryStringParameters;
    private PayloadV2RequestContext? _requestContext;
    private string? _body;
    private IDictionary<string, string>? _pathParameters;
    private bool _isBase64Encoded;
    private IDictionary<string, string>? _stageVariables;

    /// <summary>Creates an empty event.</summary>
    public PayloadV2Request()
    {
    }

    /// <summary>Creates the event of a request, its costly members made on first read.</summary>
    internal PayloadV2Request(IntegrationRequest source, ReadOnlyMemory<byte> body)
    {
        _source = source;
        _sourceBody = body;
        _pending = HeadersPart | CookiesPart | QueryPart | ContextPart | BodyPart | Base64Part | PathPart | StagePart;
    }

    /// <summary>Always <c>2.0</c>.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    /// <summary>The matched route key as configured, e.g. <c>GET /pets/{id}</c> or <c>$default</c>.</summary>
    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; set; }

    /// <summary>The request path, percent-decoded, including a named stage's segment.</summary>
    [JsonPropertyName("rawPath")]
    public string? RawPath { get; set; }

    /// <summary>The query string as sent (still encoded), without <c>?</c>; empty when there is none.</summary>
    [JsonPropertyName("rawQueryString")]
    public string? RawQueryString { get; set; }

    /// <summary>The request's cookies (<c>name=value</c>); <see langword="null"/> when it sent none.</summary>
    [JsonPropertyName("cookies")]
    public IList<string>? Cookies
    {
        get
        {
            Make(CookiesPart);
            return _cookies;
        }

        set => Set(CookiesPart, ref _cookies, value);
    }

    /// <summary>The headers: lower-case names, repeated lines joined with <c>,</c>.</summary>
    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers
    {
        get
        {
            Make(HeadersPart);
            return _headers;
        }

        set => Set(HeadersPart, ref _headers, value);
    }

    /// <summary>The decoded query parameters, repeated names joined with <c>,</c>; <see langword="null"/> without a query.</summary>
    [JsonPropertyName("queryStringParameters")]
    public IDictionary<string, string>? QueryStringParameters
    {
        get
        {
            Make(QueryPart);
            return _queryStringParameters;
        }

        set => Set(QueryPart, ref _queryStringParameters, value);
    }

    /// <summary>What the gateway knows about the request.</summary>
    [JsonPropertyName("requestContext")]
    public PayloadV2RequestContext? RequestContext
    {
        get
        {
            Make(ContextPart);
            return _requestContext;
        }

        set => Set(ContextPart, ref _requestContext, value);
    }

    /// <summary>The body as text, or base64 when <see cref="IsBase64Encoded"/>; <see langword="null"/> without a body.</summary>
    [JsonPropertyName("body")]
    public string? Body
    {
        get
        {
            Make(BodyPart);
            return _body;
        }

        set => Set(BodyPart, ref _body, value);
    }

    /// <summary>The route's decoded path parameters; <see langword="null"/> when it has none.</summary>
    [JsonPropertyName("pathParameters")]
    public IDictionary<string, string>? PathParameters
    {
        get
        {
            Make(PathPart);
            return _pathParameters;
        }

        set => Set(PathPart, ref _pathParameters, value);
    }

    /// <summary>Whether <see cref="Body"/> is base64.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded
    {
        get
        {
            Make(Base64Part);
            return _isBase64Encoded;
        }

        set
        {
            _pending &= ~Base64Part;
            _isBase64Encoded = value;
        }
    }

    /// <summary>The stage's variables; <see langword="null"/> when it has none.</summary>
    [JsonPropertyName("stageVariables")]
    public IDictionary<string, string>? StageVariables
    {
        get
        {
            Make(StagePart);
            return _stageVariables;
        }

        set => Set(StagePart, ref _stageVariables, value);
    }

    /// <summary>The body's bytes: <see cref="Body"/> base64-decoded or UTF-8 encoded; empty without a body.</summary>
    /// <returns>The bytes.</returns>
    /// <exception cref="FormatException"><see cref="IsBase64Encoded"/> is set and <see cref="Body"/> is not base64.</exception>
    public byte[] GetBodyBytes()
    {
        if (Body is null)
        {
            return [];
        }

        return IsBase64Encoded ? Convert.FromBase64String(Body) : System.Text.Encoding.UTF8.GetBytes(Body);
    }

    private void Set<T>(int part, ref T field, T value)
    {
        _pending &= ~part;
        field = value;
    }

    /// <summary>Makes a member from the source request, once, unless it was set since.</summary>
    private void Make(int part)
    {
        if ((_pending & part) == 0)
        {
            return;
        }

        var request = _source!;
        switch (part)
        {
            case HeadersPart or CookiesPart:
                var (headers, cookies) = PayloadV2RequestFactory.Headers(request, _sourceBody.Length);
                if ((_pending & HeadersPart) != 0)
                {
                    _headers = headers;
                }

                if ((_pending & CookiesPart) != 0)
                {
                    _cookies = cookies;
                }

                _pending &= ~(HeadersPart | CookiesPart);
                break;
            case BodyPart or Base64Part:
                string? body = PayloadV2RequestFactory.Body(request, _sourceBody.Span, out bool base64);
                if ((_pending & BodyPart) != 0)
                {
                    _body = body;
                }

                if ((_pending & Base64Part) != 0)
                {
                    _isBase64Encoded = base64;
                }

                _pending &= ~(BodyPart | Base64Part);
                break;
            case QueryPart:
                _queryStringParameters = PayloadV2RequestFactory.QueryParameters(request);
                _pending &= ~QueryPart;
                break;
            case ContextPart:
                _requestContext = PayloadV2RequestFactory.RequestContext(request);
                _pending &= ~ContextPart;
                break;
            case PathPart:
                _pathParameters = PayloadV2RequestFactory.PathParameters(request);
                _pending &= ~PathPart;
                break;
            default:
                _stageVariables = PayloadV2RequestFactory.StageVariables(request);
                _pending &= ~StagePart;
                break;
        }
    }
}
