using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Relay.Testing;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the <c>SmtpServer</c> package) that requires AUTH with one user and password, keeps
/// every accepted message (parsed with MimeKit), and can be told to refuse the next messages with an SMTP reply code.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly ConcurrentQueue<SmtpReplyCode> _faults = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private int _refused;

    private FakeSmtpServer(string user, string password)
    {
        User = user;
        Password = password;
    }

    public int Port { get; private set; }

    public string User { get; }

    public string Password { get; }

    /// <summary>The messages accepted, in order.</summary>
    public IReadOnlyList<MimeMessage> Messages => _messages.ToArray();

    /// <summary>How many messages were refused with an injected reply.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Starts a server on a free port, accepting AUTH from <paramref name="user"/> with <paramref name="password"/> only.</summary>
    public static async Task<FakeSmtpServer> StartAsync(string user = "relay", string password = "smtp-secret")
    {
        var server = new FakeSmtpServer(user, password);
        server.Port = FreePort.Next();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("fake-smtp.local")
            .Endpoint(e => e.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.Port))
                .AuthenticationRequired(true)
                .AllowUnsecureAuthentication(true))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(server));
        services.Add(new DelegatingUserAuthenticator((u, p) => u == server.User && p == server.Password));
        var smtp = new SmtpServer.SmtpServer(options, services);
        server._running = smtp.StartAsync(server._stop.Token);
        await Wait.UntilAsync(() => IsListening(server.Port), () => "the fake SMTP server listens");
        return server;
    }

    /// <summary>Refuses the next <paramref name="count"/> messages with <paramref name="code"/> (e.g. 451 transient, 550 permanent).</summary>
    public void RefuseNext(int count, SmtpReplyCode code)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(code);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private sealed class Store(FakeSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server._faults.TryDequeue(out var code))
            {
                Interlocked.Increment(ref server._refused);
                return new SmtpResponse(code, "refused by the test");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            server._messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
