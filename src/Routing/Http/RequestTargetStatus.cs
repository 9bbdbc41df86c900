namespace Routing.Http;

/// <summary>The outcome of reading a request's method and request-target, before any stage or route is chosen.</summary>
internal enum RequestTargetStatus
{
    /// <summary>The path was decoded and normalized; stage and route selection can run.</summary>
    Ok = 200,

    /// <summary>400 <c>{"message":"Bad Request"}</c>: a malformed or ambiguous method or target.</summary>
    BadRequest = 400,

    /// <summary>404 <c>{"message":"Not Found"}</c>: a well-formed request that can never name a route
    /// (<c>CONNECT</c>, <c>TRACE</c>, the asterisk form).</summary>
    NotFound = 404,

    /// <summary>414: the path is longer than <see cref="RequestTarget.MaxPathLength"/> or has more than
    /// <see cref="RequestTarget.MaxSegments"/> segments.</summary>
    UriTooLong = 414,
}
