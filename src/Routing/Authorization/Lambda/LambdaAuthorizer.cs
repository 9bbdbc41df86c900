using System.Text;
using Routing.Definitions;
using Routing.Integrations.Lambda;
using Routing.Pipeline;

namespace Routing.Authorization.Lambda;

/// <summary>
/// The compiled Lambda (<c>REQUEST</c>) authorizer of a deployment, as API Gateway runs one for HTTP APIs: it reads the
/// identity sources (any missing or empty one is 401 without a call), looks the decision up in its cache, otherwise
/// calls the function with the authorizer event, and turns the answer into a decision.
/// </summary>
/// <remarks>
/// <para>Answers: a simple response (<c>isAuthorized</c>) or an IAM policy that allows the route's ARN lets the request
/// through, with the function's <c>context</c> for the integration; <c>false</c>, a <c>Deny</c>, or a policy that allows
/// something else is 403. A function that throws, does not answer within <see cref="InvokeTimeout"/>, or answers
/// anything else is 500 (<see cref="AuthorizationOutcome.Failed"/>); failures are never cached.</para>
/// <para>The cache keeps the parsed answer, not the decision: a cached policy is evaluated again for each route's ARN.
/// It is keyed by the stage and the identity-source values, holds at most <see cref="AuthorizerResultCache.MaxEntries"/>
/// entries, and lives as long as the deployment.</para>
/// </remarks>
internal sealed partial class LambdaAuthorizer : IAuthorizer
{
    /// <summary>How long the function may take (API Gateway's authorizer timeout): 10 seconds.</summary>
    public static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(10);

    private readonly IdentitySource[] _sources;
    private readonly LambdaFunctionReference _function;
    private readonly TimeProvider _time;
    private readonly AuthorizerResultCache? _cache;

    private LambdaAuthorizer(string id, LambdaAuthorizerDefinition definition, IdentitySource[] sources, LambdaFunctionReference function, TimeProvider time)
    {
        Id = id;
        Definition = definition;
        _sources = sources;
        _function = function;
        _time = time;
        _cache = definition.ResultTtl > TimeSpan.Zero ? new AuthorizerResultCache(definition.ResultTtl, time) : null;
    }

    /// <summary>The authorizer id.</summary>
    public string Id { get; }

    /// <summary>The definition it was compiled from.</summary>
    public LambdaAuthorizerDefinition Definition { get; }

    /// <inheritdoc />
    public async ValueTask<AuthorizationResult> AuthorizeAsync(AuthorizationRequest request, CancellationToken cancellationToken)
    {
        var routed = request.Request;
        string[] values = new string[_sources.Length];
        for (int i = 0; i < _sources.Length; i++)
        {
            string? value = _sources[i].Read(routed, out _);
            if (string.IsNullOrEmpty(value))
            {
                return AuthorizationResult.Unauthorized(reason: $"Lambda authorizer '{Id}': the identity source {_sources[i].Expression} is missing or empty, so the function was not called.");
            }

            values[i] = value;
        }

        string arn = BuildArn(routed);
        string? cacheKey = _cache is null ? null : CacheKey(routed.Stage, values);
        if (cacheKey is not null && _cache!.TryGet(cacheKey, out var cached))
        {
            return cached.Decide(arn, Id).FromCacheHit();
        }

        var function = _function.Resolve(routed, out string? missing);
        if (function is null)
        {
            return AuthorizationResult.Failed($"Lambda authorizer '{Id}': {missing}");
        }

        var payload = Definition.PayloadFormatVersion == PayloadFormatVersion.V1
            ? PayloadV1EventWriter.WriteAuthorizerEvent(routed, new AuthorizerEventFields(arn, values))
            : PayloadV2EventWriter.WriteAuthorizerEvent(routed, new AuthorizerEventFields(arn, values));

        ReadOnlyMemory<byte> output;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        using (Deadline.Arm(_time, timeout, InvokeTimeout))
        {
            try
            {
                output = await function.InvokeAsync(payload, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return AuthorizationResult.Failed($"Lambda authorizer '{Id}': the function did not answer within {InvokeTimeout.TotalSeconds:0} s.", e);
            }
#pragma warning disable CA1031 // A function error is the authorizer's failure (500), whatever it is.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return AuthorizationResult.Failed($"Lambda authorizer '{Id}': the function failed.", e);
            }
        }

        if (!LambdaAuthorizerResponse.TryParse(output.Span, Definition, out var response, out string? error))
        {
            return AuthorizationResult.Failed($"Lambda authorizer '{Id}': {error}");
        }

        if (cacheKey is not null)
        {
            _cache!.Set(cacheKey, response);
        }

        return response.Decide(arn, Id);
    }

    /// <summary>
    /// The ARN the policy is evaluated against (<c>routeArn</c>, <c>methodArn</c>):
    /// <c>arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path without the stage}</c>.
    /// </summary>
    internal static string BuildArn(IntegrationRequest request)
    {
        var api = request.Api;
        var path = request.RoutingPath.AsSpan().TrimStart('/');
        return string.Concat(
            $"arn:aws:execute-api:{api.Region}:{api.AccountId}:{api.ApiId}/{request.Stage}/{request.Method}/",
            path);
    }

    /// <summary>The cache key: the stage and every identity-source value, each preceded by its length, so no two lists of values share a key.</summary>
    private static string CacheKey(string stage, string[] values)
    {
        var key = new StringBuilder().Append(stage.Length).Append(':').Append(stage);
        foreach (string value in values)
        {
            key.Append(value.Length).Append(':').Append(value);
        }

        return key.ToString();
    }
}
