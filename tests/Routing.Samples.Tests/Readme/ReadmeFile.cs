using System.Text.RegularExpressions;

namespace Routing.Samples.Tests.Readme;

/// <summary>The repository's README.md, read as its fenced code blocks.</summary>
internal static partial class ReadmeFile
{
    /// <summary>The repository root: the folder above the tests that holds Routing.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Every fenced block in order: its language, the <c>readme-test</c> marker just above it (or <see langword="null"/>), its text and line.</summary>
    public static IReadOnlyList<CodeBlock> Blocks { get; } = Read(Path.Combine(RepositoryRoot, "README.md"));

    /// <summary>The block marked <c>&lt;!-- readme-test: name ... --&gt;</c>.</summary>
    public static CodeBlock Marked(string name)
        => Blocks.SingleOrDefault(b => b.Marker == name)
           ?? throw new InvalidOperationException($"README.md has no block marked '<!-- readme-test: {name} -->'.");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Routing.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Routing.sln above {AppContext.BaseDirectory}.");
    }

    private static List<CodeBlock> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var blocks = new List<CodeBlock>();
        string? marker = null;
        for (int i = 0; i < lines.Length; i++)
        {
            var mark = MarkerPattern().Match(lines[i]);
            if (mark.Success)
            {
                marker = mark.Groups["name"].Value;
                continue;
            }

            if (!lines[i].StartsWith("```", StringComparison.Ordinal) || lines[i].Length == 3)
            {
                if (lines[i].Length > 0)
                {
                    marker = null;
                }

                continue;
            }

            string language = lines[i][3..].Trim();
            int start = i + 1;
            int end = start;
            while (end < lines.Length && lines[end] != "```")
            {
                end++;
            }

            blocks.Add(new CodeBlock(language, marker, string.Join('\n', lines[start..end]), start + 1));
            marker = null;
            i = end;
        }

        return blocks;
    }

    [GeneratedRegex(@"^<!-- readme-test: (?<name>[^ ]+)")]
    private static partial Regex MarkerPattern();
}

/// <summary>A fenced code block of the README.</summary>
/// <param name="Language">The fence's language (<c>csharp</c>, <c>bash</c>).</param>
/// <param name="Marker">The name of the <c>readme-test</c> marker above it, or <see langword="null"/>.</param>
/// <param name="Text">The code.</param>
/// <param name="Line">The README line of its first line.</param>
internal sealed record CodeBlock(string Language, string? Marker, string Text, int Line);
