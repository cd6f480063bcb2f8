using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Relay.Receiver.Auth;

/// <summary>
/// ASP.NET Core authentication for the API and the dashboard: a request carrying <c>Authorization: Bearer
/// &lt;secret of server.auth.secret_file&gt;</c> is the operator. A challenge answers 401 with <c>WWW-Authenticate: Bearer</c>.
/// </summary>
internal sealed class BearerSecretAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    SecretFile secret)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "RelayBearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.ContainsKey("Authorization"))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(BearerSecret.Matches(Request.Headers, secret.Current()) switch
        {
            true => AuthenticateResult.Success(new AuthenticationTicket(
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], SchemeName)), SchemeName)),
            false => AuthenticateResult.Fail("wrong bearer secret"),
            null => AuthenticateResult.Fail("the auth secret cannot be read on this node"),
        });
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
