using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Routing.Routes;

namespace Routing.Benchmarks;

/// <summary>
/// ASP.NET Core's endpoint-routing DFA matcher (what <c>UseRouting()</c> runs), driven directly over route keys
/// converted to <see cref="RouteEndpoint"/>s. The matcher types are internal, so reflection is used here, once, at
/// setup; the benchmarks then call plain delegates.
/// </summary>
internal sealed class AspNetCoreDfaMatcher
{
    private const string MatchingNamespace = "Microsoft.AspNetCore.Routing.Matching.";

    private readonly IServiceProvider _services;
    private readonly Type _builderType;
    private readonly Action<object, RouteEndpoint> _addEndpoint;
    private readonly Func<object, object> _buildMatcher;

    public AspNetCoreDfaMatcher()
    {
        // The same registrations a web app gets: AddRouting() brings the DfaMatcherFactory, the DfaMatcherBuilder
        // and the matcher policies (HttpMethodMatcherPolicy is the one these routes use).
        _services = new ServiceCollection().AddLogging().AddOptions().AddRouting().BuildServiceProvider();

        // Bound once: MatcherBuilder.AddEndpoint(RouteEndpoint) and MatcherBuilder.Build(), for BuildMatcher.
        var routingAssembly = typeof(DefaultEndpointDataSource).Assembly;
        _builderType = GetInternalType(routingAssembly, "DfaMatcherBuilder");
        var builder = Expression.Parameter(typeof(object), "builder");
        var endpoint = Expression.Parameter(typeof(RouteEndpoint), "endpoint");
        var typedBuilder = Expression.Convert(builder, _builderType);
        _addEndpoint = Expression.Lambda<Action<object, RouteEndpoint>>(
            Expression.Call(typedBuilder, GetMethod(_builderType, "AddEndpoint", typeof(RouteEndpoint)), endpoint),
            builder,
            endpoint).Compile();
        _buildMatcher = Expression.Lambda<Func<object, object>>(
            Expression.Call(typedBuilder, GetMethod(_builderType, "Build")),
            builder).Compile();
    }

    /// <summary>
    /// Creates the matcher the way the endpoint-routing middleware does (<c>MatcherFactory.CreateMatcher</c>) and
    /// returns its <c>Matcher.MatchAsync(HttpContext)</c> as a delegate bound to the instance: calling it involves
    /// no reflection. The selected endpoint is then <c>httpContext.GetEndpoint()</c>.
    /// </summary>
    public Func<HttpContext, Task> CreateMatcher(IReadOnlyList<RouteEndpoint> endpoints)
    {
        var factoryType = GetInternalType(typeof(DefaultEndpointDataSource).Assembly, "MatcherFactory");
        object factory = _services.GetRequiredService(factoryType);
        object matcher = GetMethod(factoryType, "CreateMatcher", typeof(EndpointDataSource))
            .Invoke(factory, [new DefaultEndpointDataSource(endpoints)])
            ?? throw new InvalidOperationException("MatcherFactory.CreateMatcher returned null.");

        // The concrete type's override, so the delegate calls it directly (no virtual lookup per call).
        var matchAsync = GetMethod(matcher.GetType(), "MatchAsync", typeof(HttpContext));
        return (Func<HttpContext, Task>)Delegate.CreateDelegate(typeof(Func<HttpContext, Task>), matcher, matchAsync);
    }

    /// <summary>
    /// Builds a DFA matcher from the endpoints, as <c>DataSourceDependentMatcher</c> does on every data source
    /// change: a fresh <c>DfaMatcherBuilder</c>, <c>AddEndpoint</c> for each endpoint, <c>Build()</c>. This skips
    /// <c>MatcherFactory.CreateMatcher</c> only because that also resolves a transient disposable
    /// <c>Lifetime</c> that the root service provider keeps (with the matcher) until it is disposed: called in a
    /// benchmark loop it would hold every matcher ever built.
    /// </summary>
    /// <returns>The internal <c>DfaMatcher</c>.</returns>
    public object BuildMatcher(RouteEndpoint[] endpoints)
    {
        object builder = _services.GetRequiredService(_builderType);
        for (int i = 0; i < endpoints.Length; i++)
        {
            _addEndpoint(builder, endpoints[i]);
        }

        return _buildMatcher(builder);
    }

    /// <summary>
    /// Converts route keys to endpoints: the path as a route pattern (<c>{name+}</c> becomes the catch-all
    /// <c>{*name}</c>), the method as <see cref="HttpMethodMetadata"/> (none for <c>ANY</c>), and the route index as
    /// <see cref="RouteIndexMetadata"/>. <c>$default</c> becomes a catch-all that every other route outranks.
    /// Parameters are renamed <c>p0</c>, <c>p1</c>, ... by position: route-key names may use <c>:</c> and <c>.</c>,
    /// which route patterns reserve.
    /// </summary>
    public static RouteEndpoint[] CreateEndpoints(IReadOnlyList<RouteKey> routes)
    {
        var endpoints = new RouteEndpoint[routes.Count];
        for (int i = 0; i < routes.Count; i++)
        {
            var key = routes[i];
            var metadata = new List<object> { new RouteIndexMetadata(i) };
            if (!key.IsDefault && !key.IsAnyMethod)
            {
                metadata.Add(new HttpMethodMetadata([key.Method]));
            }

            endpoints[i] = new RouteEndpoint(
                static _ => Task.CompletedTask,
                RoutePatternFactory.Parse(ToPattern(key)),
                order: key.IsDefault ? 1 : 0,
                new EndpointMetadataCollection(metadata),
                key.Value);
        }

        return endpoints;
    }

    /// <summary>The index of the route that an endpoint of <see cref="CreateEndpoints"/> stands for, or -1.</summary>
    public static int RouteIndexOf(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<RouteIndexMetadata>()?.Index ?? -1;

    private static string ToPattern(RouteKey key)
    {
        if (key.IsDefault)
        {
            return "/{**default}";
        }

        var pattern = new StringBuilder();
        var segments = key.Segments;
        for (int i = 0; i < segments.Count; i++)
        {
            pattern.Append('/');
            switch (segments[i].Kind)
            {
                case RouteSegmentKind.Literal:
                    pattern.Append(segments[i].Value);
                    break;
                case RouteSegmentKind.Parameter:
                    pattern.Append("{p").Append(i).Append('}');
                    break;
                default:
                    pattern.Append("{*p").Append(i).Append('}');
                    break;
            }
        }

        return pattern.Length == 0 ? "/" : pattern.ToString();
    }

    private static Type GetInternalType(Assembly assembly, string name) =>
        assembly.GetType(MatchingNamespace + name, throwOnError: false)
        ?? throw new InvalidOperationException($"'{MatchingNamespace}{name}' is not in {assembly.GetName()}: ASP.NET Core's internals changed; update {nameof(AspNetCoreDfaMatcher)}.");

    private static MethodInfo GetMethod(Type type, string name, params Type[] parameters) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
        ?? throw new InvalidOperationException($"'{type.FullName}.{name}' not found: ASP.NET Core's internals changed; update {nameof(AspNetCoreDfaMatcher)}.");

    /// <summary>Endpoint metadata carrying the index of the route in its table.</summary>
    internal sealed record RouteIndexMetadata(int Index);
}
