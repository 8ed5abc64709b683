// A Kestrel gRPC server written the way Microsoft's "Inter-process communication with gRPC" guide
// writes one: Unix domain sockets, HTTP/2 only, reflection and health, owner-only socket files.
//
//   Server [--socket PATH] [--tls-socket PATH --cert PEM --key PEM] [--default-socket]
//
// --default-socket adds the guide's own default, Path.GetTempPath() + "socket.tmp".
// Once listening it prints "listening unix:PATH" per socket on stdout.
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Server;

var options = ServerOptions.Parse(args);
var builder = WebApplication.CreateBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Logs go to stderr, so stdout carries only the "listening" lines.
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

builder.WebHost.ConfigureKestrel(kestrel =>
{
    foreach (var path in options.PlainSockets)
    {
        // The guide deletes a socket file left by an earlier run before binding.
        if (File.Exists(path)) File.Delete(path);
        kestrel.ListenUnixSocket(path, listen => listen.Protocols = HttpProtocols.Http2);
    }
    if (options.TlsSocket is { } tlsPath)
    {
        if (File.Exists(tlsPath)) File.Delete(tlsPath);
        var certificate = X509Certificate2.CreateFromPemFile(options.CertFile!, options.KeyFile!);
        kestrel.ListenUnixSocket(tlsPath, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(certificate);
        });
    }
});

builder.Services.AddGrpc();
builder.Services.AddGrpcReflection();
builder.Services.AddGrpcHealthChecks().AddCheck("orders", () => HealthCheckResult.Healthy());

var app = builder.Build();
// One line per request on stderr, so a test can tell what reached the server and how it answered
// (grpc-js consumes grpc-encoding, so the client side cannot show whether the answer was compressed).
app.Use(async (context, next) =>
{
    Console.Error.WriteLine($"request {context.Request.Path} authority={context.Request.Host} scheme={context.Request.Scheme} grpc-accept-encoding={context.Request.Headers["grpc-accept-encoding"]}");
    await next(context);
    Console.Error.WriteLine($"response {context.Request.Path} grpc-encoding={context.Response.Headers["grpc-encoding"]}");
});
app.MapGrpcService<OrdersService>();
app.MapGrpcReflectionService();
app.MapGrpcHealthChecksService();

await app.StartAsync();
foreach (var path in options.AllSockets)
{
    // Kestrel binds with the process umask; the guide secures a socket by its file permissions, so only
    // this user may connect (on Linux, connecting needs write permission on the socket file).
    if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    Console.WriteLine($"listening unix:{path}");
}
await app.WaitForShutdownAsync();
