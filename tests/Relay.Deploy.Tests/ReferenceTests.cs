using Relay.Deploy.Tests.Manifests;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>What a pod references exists in the overlay, or is a Secret that docs/kubernetes.md tells users to create.</summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class ReferenceTests(RenderedOverlays rendered)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Referenced_config_maps_secrets_and_service_accounts_exist_or_are_documented_as_user_provided(string overlay)
    {
        var o = rendered[overlay];
        var userProvided = UserProvidedSecrets.Read();

        Assert.All(o.Workloads, workload =>
        {
            if (workload.Pod.Text("serviceAccountName") is { } account)
            {
                Assert.NotNull(o.Find("ServiceAccount", account));
            }

            foreach (var volume in workload.Pod.Objects("volumes"))
            {
                if (volume.Text("configMap", "name") is { } configMap)
                {
                    Assert.True(o.Find("ConfigMap", configMap) is not null, $"{workload}: ConfigMap {configMap} is not rendered");
                }

                if (volume.Text("secret", "secretName") is { } secret)
                {
                    Assert.True(o.Find("Secret", secret) is not null || userProvided.ContainsKey(secret),
                        $"{workload}: Secret {secret} is neither rendered nor listed under '{UserProvidedSecrets.Heading}' in docs/kubernetes.md");
                }
            }

            foreach (var container in workload.Containers)
            {
                Assert.All(container.VolumeMounts, mount => Assert.True(workload.HasVolume(mount.Text("name")!), $"{container}: no volume {mount.Text("name")}"));
                var references = container.Json.Objects("env").Select(e => e.At("valueFrom"))
                    .Concat(container.Json.Objects("envFrom"));
                Assert.All(references, reference =>
                {
                    var configMap = reference.Text("configMapKeyRef", "name") ?? reference.Text("configMapRef", "name");
                    var secret = reference.Text("secretKeyRef", "name") ?? reference.Text("secretRef", "name");
                    Assert.True(configMap is null || o.Find("ConfigMap", configMap) is not null, $"{container}: ConfigMap {configMap}");
                    Assert.True(secret is null || o.Find("Secret", secret) is not null || userProvided.ContainsKey(secret), $"{container}: Secret {secret}");
                });
            }
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Files_relay_yaml_names_are_mounted_into_the_relay_containers(string overlay)
    {
        var o = rendered[overlay];
        var userProvided = UserProvidedSecrets.Read();

        Assert.All(o.RelayContainers, container =>
        {
            Assert.NotNull(o.ConfigMapFile(container, container.Argument("--config")!));

            // Silos post to GitHub; split receivers read the same file but never open a token.
            var tokenFiles = container.IsSilo ? o.ConfigOf(container).TokenFiles : [];
            Assert.All(tokenFiles, file =>
            {
                var mounted = container.MountOf(file);
                Assert.True(mounted is not null, $"{container}: token_file {file} is on no volume");
                var (mount, key) = mounted.Value;
                var secret = container.Workload.Volume(mount.Text("name")!).Text("secret", "secretName");
                Assert.True(secret is not null && userProvided.TryGetValue(secret, out var keys) && keys.Contains(key),
                    $"{container}: token_file {file} should be key '{key}' of a Secret documented in docs/kubernetes.md");
            });
        });
    }
}
