namespace Routing.Transforms;

/// <summary>Where a variable in a mapping value reads from.</summary>
internal enum MappingSource
{
    /// <summary><c>$request.header.{name}</c>: every value of a request header, joined with <c>,</c>.</summary>
    RequestHeader,

    /// <summary><c>$request.querystring.{name}</c>: every decoded value of a query parameter, joined with <c>,</c>.</summary>
    RequestQueryString,

    /// <summary><c>$request.body</c> or <c>$request.body.{jsonpath}</c>.</summary>
    RequestBody,

    /// <summary><c>$request.path</c>: the decoded path without the stage.</summary>
    RequestPath,

    /// <summary><c>$request.path.{name}</c>: a decoded path parameter.</summary>
    RequestPathParameter,

    /// <summary><c>$context.{name}</c>.</summary>
    Context,

    /// <summary><c>$stageVariables.{name}</c>.</summary>
    StageVariable,

    /// <summary><c>$response.header.{name}</c>: every value of an integration response header, joined with <c>,</c>.</summary>
    ResponseHeader,

    /// <summary><c>$response.body</c> or <c>$response.body.{jsonpath}</c>.</summary>
    ResponseBody,
}
