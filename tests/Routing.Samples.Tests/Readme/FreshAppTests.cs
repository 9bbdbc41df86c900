using System.Diagnostics;
using System.Net;
using System.Text;

namespace Routing.Samples.Tests.Readme;

/// <summary>
/// A new user's first hour, as the README tells it: pack the packages (Install), make a <c>dotnet new web</c> app, give
/// it the README's <c>nuget.config</c>, add the package, paste the Quick start as <c>Program.cs</c>, build, run, and
/// call it. Every command and file comes from the README's marked blocks; only the packages folder becomes a temporary
/// one, and the app gets a NuGet cache of its own, so a package of the same version packed before is never used.
/// </summary>
public sealed class FreshAppTests : IDisposable
{
    private const string PackagesPlaceholder = "~/routing-packages";
    private const string ConfigPlaceholder = "%HOME%/routing-packages";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("readme-app-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QuickStart_InAFreshWebApp_BuildsAndServes()
    {
        // Arrange: the README's commands.
        string packages = Path.Combine(_root.FullName, "packages");
        string app = Path.Combine(_root.FullName, "app");
        foreach (string command in Commands("pack"))
        {
            await RunAsync(ReadmeFile.RepositoryRoot, command.Replace(PackagesPlaceholder, packages, StringComparison.Ordinal), ownCache: false);
        }

        await RunAsync(_root.FullName, "dotnet new web -o app");
        string config = ReadmeFile.Marked("nuget.config").Text;
        Assert.Contains(ConfigPlaceholder, config, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), config.Replace(ConfigPlaceholder, packages, StringComparison.Ordinal), Ct);
        foreach (string command in Commands("install"))
        {
            await RunAsync(app, command);
        }

        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ReadmeFile.Marked("Program.cs").Text, Ct);
        await RunAsync(app, "dotnet build");

        // Act
        string dll = Path.Combine(app, "bin", "Debug", "net10.0", "app.dll");
        var (process, address) = await StartAsync(app, dll);
        try
        {
            using var client = new HttpClient { BaseAddress = address };
            using var pet = await client.GetAsync("/pets/42", Ct);
            using var health = await client.GetAsync("/health", Ct);
            using var missing = await client.GetAsync("/nope", Ct);

            // Assert
            Assert.Equal((HttpStatusCode.OK, "pet 42"), (pet.StatusCode, await pet.Content.ReadAsStringAsync(Ct)));
            Assert.True(pet.Headers.Contains("apigw-requestid"));
            Assert.Equal((HttpStatusCode.OK, "ok"), (health.StatusCode, await health.Content.ReadAsStringAsync(Ct)));
            Assert.Equal((HttpStatusCode.NotFound, """{"message":"Not Found"}"""), (missing.StatusCode, await missing.Content.ReadAsStringAsync(Ct)));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            process.Dispose();
        }
    }

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>The commands of a marked bash block: one per line, comments and blank lines left out.</summary>
    private static IEnumerable<string> Commands(string marker)
        => ReadmeFile.Marked(marker).Text.Split('\n').Select(static l => l.Trim()).Where(static l => l.Length > 0 && !l.StartsWith('#'));

    private ProcessStartInfo Start(string folder, IEnumerable<string> arguments, bool ownCache = true)
    {
        var start = new ProcessStartInfo(DotnetCli.Path)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings must not leak into the user's commands. No build node or server may outlive a
        // command (it would hold the output pipes open). The app gets a NuGet cache of its own; packing in the
        // repository keeps the usual one, so the repository's restore output stays valid.
        foreach (string name in start.Environment.Keys.Where(static k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        if (ownCache)
        {
            start.Environment["NUGET_PACKAGES"] = Path.Combine(_root.FullName, "nuget-cache");
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    private async Task RunAsync(string folder, string command, bool ownCache = true)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words[0] == "dotnet", $"The README command '{command}' is not a dotnet command.");
        using var process = Process.Start(Start(folder, words[1..], ownCache)) ?? throw new InvalidOperationException($"'{command}' did not start.");
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        string text = await output + await error;
        Assert.True(process.ExitCode == 0, $"'{command}' in {folder} exited with {process.ExitCode}:\n{text}");
    }

    private async Task<(Process Process, Uri Address)> StartAsync(string folder, string dll)
    {
        var process = Process.Start(Start(folder, [dll, "--urls", "http://127.0.0.1:0"])) ?? throw new InvalidOperationException("The app did not start.");
        var seen = new StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.AppendLine(line);
                const string Listening = "Now listening on: ";
                int at = line.IndexOf(Listening, StringComparison.Ordinal);
                if (at >= 0)
                {
                    // Keep reading the output so the app never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return (process, new Uri(line[(at + Listening.Length)..].Trim()));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        throw new InvalidOperationException("The app did not say where it listens:\n" + seen);
    }
}
