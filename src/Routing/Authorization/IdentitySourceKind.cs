namespace Routing.Authorization;

/// <summary>Where an <see cref="IdentitySource"/> reads.</summary>
internal enum IdentitySourceKind
{
    /// <summary><c>$request.header.NAME</c>.</summary>
    Header,

    /// <summary><c>$request.querystring.NAME</c>.</summary>
    QueryString,

    /// <summary><c>$context.NAME</c>.</summary>
    Context,

    /// <summary><c>$stageVariables.NAME</c>.</summary>
    StageVariable,
}
