namespace Routing.Benchmarks;

/// <summary>A request line of a <c>NAME.requests.txt</c> file.</summary>
/// <param name="Method">The request method, e.g. <c>GET</c>.</param>
/// <param name="Path">The routing path, e.g. <c>/repos/dotnet/runtime/issues</c>.</param>
internal sealed record Request(string Method, string Path)
{
    public override string ToString() => Method + " " + Path;
}
