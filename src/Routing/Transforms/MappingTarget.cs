namespace Routing.Transforms;

/// <summary>What a parameter mapping changes: the part of a key after the <c>:</c>.</summary>
internal enum MappingTarget
{
    /// <summary><c>header.{name}</c>, on the request or the response.</summary>
    Header,

    /// <summary><c>querystring.{name}</c>, on the request.</summary>
    QueryString,

    /// <summary><c>path</c>, on the request (HTTP proxy integrations only).</summary>
    Path,

    /// <summary><c>statuscode</c>, on the response.</summary>
    StatusCode,
}
