using System.Runtime.InteropServices;

namespace Routing.Samples.Tests;

/// <summary>The <c>dotnet</c> executable that runs these tests, for the processes they start.</summary>
internal static class DotnetCli
{
    /// <summary>Its full path: three folders above the runtime's directory (<c>shared/Microsoft.NETCore.App/{version}</c>).</summary>
    public static string Path { get; } = System.IO.Path.Combine(
        System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")),
        OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
}
