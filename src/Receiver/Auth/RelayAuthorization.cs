using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Relay.Receiver.Intake;

namespace Relay.Receiver.Auth;

/// <summary>
/// The operator policy of the API (<c>/api/v1</c>) and the dashboard: with <c>server.auth.type</c> other than
/// <c>none</c>, they require the bearer secret whatever the intake's own scheme; with <c>none</c> they are open.
/// </summary>
public static class RelayAuthorization
{
    /// <summary>Name of the policy to put on operator endpoints (<c>RequireAuthorization(OperatorPolicy)</c>).</summary>
    public const string OperatorPolicy = "relay-operator";

    internal static void AddRelayAuth(this IServiceCollection services)
    {
        services.TryAddSingleton<SecretFile>();
        services.TryAddSingleton<ReplayGuard>();
        services.TryAddSingleton<IntakeAuthenticator>();
        services.AddAuthentication(BearerSecretAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerSecretAuthenticationHandler>(BearerSecretAuthenticationHandler.SchemeName, configureOptions: null);
        // Authorization's policy cache reads endpoint metadata: silo hosts without a web app (TestCluster) need routing too.
        services.AddRouting();
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<IntakeOptions>>((authorization, intake) =>
            authorization.AddPolicy(OperatorPolicy, policy =>
            {
                if (intake.Value.Auth.Enabled)
                {
                    policy.AddAuthenticationSchemes(BearerSecretAuthenticationHandler.SchemeName).RequireAuthenticatedUser();
                }
                else
                {
                    policy.RequireAssertion(_ => true);
                }
            }));
    }
}
