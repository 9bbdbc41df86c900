using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Routing.Samples.Tests.Readme;

/// <summary>Every C# block of the README compiles as pasted: a program of its own, with the implicit usings of the SDK it needs.</summary>
public sealed class ReadmeSnippetTests
{
    /// <summary>The implicit usings of a console app (Microsoft.NET.Sdk).</summary>
    private static readonly string[] ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>The implicit usings of a web app (Microsoft.NET.Sdk.Web).</summary>
    private static readonly string[] WebUsings =
    [
        .. ConsoleUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>What a user's app compiles against: the shared frameworks (.NET, ASP.NET Core), the library's three assemblies
    /// and their package dependencies; not the sample, the test framework or Roslyn, which this test process also loads.</summary>
    private static readonly Lazy<MetadataReference[]> References = new(static () =>
    {
        string shared = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", ".."));
        return
        [
            .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(path => path.StartsWith(shared, StringComparison.Ordinal)
                    || Path.GetFileName(path) is "Routing.dll" or "Routing.AspNetCore.dll" or "Routing.OpenApi.dll"
                    || Path.GetFileName(path).StartsWith("Microsoft.IdentityModel.", StringComparison.Ordinal))
                .Select(static path => MetadataReference.CreateFromFile(path)),
        ];
    });

    public static TheoryData<int> CSharpBlocks()
    {
        var data = new TheoryData<int>();
        foreach (var block in ReadmeFile.Blocks.Where(static b => b.Language == "csharp"))
        {
            data.Add(block.Line);
        }

        return data;
    }

    [Fact]
    public void Readme_HasTheBlocksTheTestsRead()
    {
        Assert.True(CSharpBlocks().Count >= 5, "README.md should hold its C# examples.");
        Assert.Equal("csharp", ReadmeFile.Marked("Program.cs").Language);
        Assert.Equal("bash", ReadmeFile.Marked("pack").Language);
        Assert.Equal("bash", ReadmeFile.Marked("install").Language);
        Assert.Equal("xml", ReadmeFile.Marked("nuget.config").Language);
    }

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void Block_AtLine_CompilesAsPasted(int line)
    {
        var block = ReadmeFile.Blocks.Single(b => b.Line == line);
        bool web = block.Text.Contains("WebApplication", StringComparison.Ordinal);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        string globals = string.Concat((web ? WebUsings : ConsoleUsings).Select(static u => $"global using global::{u};\n"));
        var compilation = CSharpCompilation.Create(
            $"Readme{line}",
            [
                CSharpSyntaxTree.ParseText(block.Text, parse, path: $"README.md:{line}", cancellationToken: TestContext.Current.CancellationToken),
                CSharpSyntaxTree.ParseText(globals, parse, cancellationToken: TestContext.Current.CancellationToken),
            ],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        using var output = new MemoryStream();
        var result = compilation.Emit(output, cancellationToken: TestContext.Current.CancellationToken);

        var errors = result.Diagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error).Select(static d => d.ToString()).ToList();
        Assert.True(result.Success, $"The README block at line {line} ({(web ? "web" : "console")} app) does not compile:\n{string.Join('\n', errors)}");
    }
}
