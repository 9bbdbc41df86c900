using System.Diagnostics;
using System.Net;

namespace Routing.Samples.Tests;

/// <summary>The sample as a user runs it: its own process, its console output, the curl commands it prints.</summary>
public sealed class PetStoreProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_PrintsCurlCommandsThatWork()
    {
        // Arrange: the sample's build output is copied beside the tests (PetStore.dll and its runtimeconfig).
        var start = new ProcessStartInfo(DotnetCli.Path)
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "PetStore.dll"), "--urls", "http://127.0.0.1:0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The sample did not start.");
        try
        {
            // Act
            var lines = new List<string>();
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(60));
                using var stop = timeout.Token.Register(() => process.Kill(entireProcessTree: true));
                while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                {
                    lines.Add(line);
                    if (line == "Press Ctrl+C to stop.")
                    {
                        break;
                    }
                }
            }

            // Assert
            if (lines.LastOrDefault() != "Press Ctrl+C to stop.")
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("The sample did not print its welcome:\n" + string.Join('\n', lines) + await process.StandardError.ReadToEndAsync(Ct));
            }

            var commands = lines.Where(static l => l.StartsWith("  curl ", StringComparison.Ordinal)).Select(static l => CurlCommand.Parse(l.Trim())).ToList();
            Assert.Equal(11, commands.Count);
            using var client = new HttpClient();
            var answers = new List<(HttpStatusCode Status, string Body)>();
            foreach (var command in commands)
            {
                using var request = command.ToRequest();
                using var response = await client.SendAsync(request, Ct);
                answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(Ct)));
            }

            Assert.Equal(HttpStatusCode.OK, answers[0].Status);
            Assert.StartsWith("""[{"id":1,"name":"Fido","type":"dog"},""", answers[0].Body, StringComparison.Ordinal);
            Assert.Equal((HttpStatusCode.OK, """{"id":1,"name":"Fido","type":"dog"}"""), answers[1]);
            Assert.Equal((HttpStatusCode.Created, """{"id":4,"name":"Rex","type":"dog"}"""), answers[2]);

            // The Lambda authorizer: no Authorization header is 401 before the function runs; the right token reaches
            // the integration, which sees who the authorizer let in.
            Assert.Equal((HttpStatusCode.Unauthorized, """{"message":"Unauthorized"}"""), answers[5]);
            Assert.Equal((HttpStatusCode.OK, """{"pets":4,"checkedBy":"admin"}"""), answers[6]);

            // What no route takes gets API Gateway's own 404.
            Assert.Equal((HttpStatusCode.NotFound, """{"message":"Not Found"}"""), answers[7]);

            // The partner route: no key is 403, the key is 200 once, then its daily quota answers 429 Limit Exceeded.
            Assert.Equal((HttpStatusCode.Forbidden, """{"message":"Forbidden"}"""), answers[8]);
            Assert.Equal(HttpStatusCode.OK, answers[9].Status);
            Assert.Equal((HttpStatusCode.TooManyRequests, """{"message":"Limit Exceeded"}"""), answers[10]);

            // One log line per request, in the order they were served; and an access-log line for each of the $default stage's.
            var logged = new List<string>();
            var accessLog = new List<string>();
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                // The access-log line of a request comes after its request line: read until both of the last one are in.
                while ((logged.Count < commands.Count || !accessLog.Exists(static l => l.Contains("/partner/pets HTTP/1.1\" 429", StringComparison.Ordinal)))
                    && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                {
                    if (line.Contains("Routing.Requests[1]", StringComparison.Ordinal))
                    {
                        logged.Add(line);
                    }
                    else if (line.Contains("Routing.AccessLogs[400]", StringComparison.Ordinal))
                    {
                        accessLog.Add(line);
                    }
                }
            }

            Assert.Equal(commands.Count, logged.Count);
            Assert.Contains("GET /pets answered 200 in ", logged[0], StringComparison.Ordinal);
            Assert.Contains("(route GET /pets, stage $default, request ", logged[0], StringComparison.Ordinal);
            Assert.Contains("GET /admin/stats answered 401 in ", logged[5], StringComparison.Ordinal);
            Assert.Contains("GET /prod/no/such/route answered 404 in ", logged[7], StringComparison.Ordinal);
            Assert.Contains(accessLog, static l => l.Contains("\"GET GET /partner/pets HTTP/1.1\" 429 28 ", StringComparison.Ordinal));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
