using System.Reflection;
using System.Reflection.Emit;

namespace Routing.Tests.Architecture;

/// <summary>
/// Which top-level namespaces of an assembly use which, read from the compiled code: signatures (base types,
/// interfaces, fields, properties, parameters, return types, attributes' types) and method bodies (every type, method
/// and field an instruction names), so a <c>var</c> or a fully qualified name cannot hide a dependency.
/// </summary>
internal static class NamespaceDependencies
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(static f => (OpCode)f.GetValue(null)!)
        .ToDictionary(static o => o.Value);

    /// <summary>The edges between top-level namespaces (<c>Routing.Authorization.Jwt</c> counts as <c>Authorization</c>).</summary>
    /// <param name="assembly">The assembly.</param>
    /// <param name="root">The root namespace, e.g. <c>Routing</c>.</param>
    /// <returns>For each namespace, the namespaces it uses and, for each, one type that shows it ("A uses B in T").</returns>
    public static Dictionary<string, Dictionary<string, string>> Read(Assembly assembly, string root)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (TopLevel(type, root) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var found) ? found : graph[from] = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var used in UsedTypes(type))
            {
                if (used.Assembly == assembly && TopLevel(used, root) is { } to && to != from)
                {
                    edges.TryAdd(to, type.FullName ?? type.Name);
                }
            }
        }

        return graph;
    }

    /// <summary>The namespace under the root that a type is in, or <see langword="null"/> for types outside it.</summary>
    public static string? TopLevel(Type type, string root)
    {
        string? ns = type.Namespace;
        if (ns is null || !ns.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        string rest = ns[(root.Length + 1)..];
        int dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static HashSet<Type> UsedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new HashSet<Type>();
        Add(found, type.BaseType);
        foreach (var implemented in type.GetInterfaces())
        {
            Add(found, implemented);
        }

        foreach (var field in type.GetFields(all))
        {
            Add(found, field.FieldType);
        }

        foreach (var property in type.GetProperties(all))
        {
            Add(found, property.PropertyType);
        }

        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo info)
            {
                Add(found, info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(found, parameter.ParameterType);
            }

            ReadBody(method, found);
        }

        return found;
    }

    private static void ReadBody(MethodBase method, HashSet<Type> found)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return;
        }

        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE && at + 1 < il.Length ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += value > 0xFF || value < 0 ? 2 : 1;
            if (!OpCodesByValue.TryGetValue(value, out var opCode))
            {
                return; // Not expected in compiled C#; stop rather than misread the rest.
            }

            int size = OperandSize(opCode.OperandType, il, at);
            if (opCode.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                int token = BitConverter.ToInt32(il, at);
                try
                {
                    switch (module.ResolveMember(token, typeArguments, methodArguments))
                    {
                        case Type resolved:
                            Add(found, resolved);
                            break;
                        case MemberInfo member:
                            Add(found, member.DeclaringType);
                            if (member is FieldInfo field)
                            {
                                Add(found, field.FieldType);
                            }
                            else if (member is MethodInfo called)
                            {
                                Add(found, called.ReturnType);
                                foreach (var argument in called.GetGenericArguments())
                                {
                                    Add(found, argument);
                                }
                            }

                            break;
                    }
                }
                catch (ArgumentException)
                {
                    // A token in a generic context the reflection API cannot resolve; the signatures still count.
                }
            }

            at += size;
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static void Add(HashSet<Type> found, Type? type)
    {
        while (type is not null && (type.IsArray || type.IsByRef || type.IsPointer))
        {
            type = type.GetElementType();
        }

        if (type is null || !found.Add(type))
        {
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Add(found, argument);
            }
        }
    }
}
