namespace Routing.Transforms;

/// <summary>What a parameter mapping does to its target: the part of a key before the <c>:</c>.</summary>
internal enum MappingAction
{
    /// <summary><c>append:</c> adds a value after the ones already there.</summary>
    Append,

    /// <summary><c>overwrite:</c> replaces every value with one.</summary>
    Overwrite,

    /// <summary><c>remove:</c> drops every value.</summary>
    Remove,
}
