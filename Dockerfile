# Relay's container image: the silo (the default entry point), the split receiver, and the `relay` command line (the
# silo's launcher, on PATH), on the ASP.NET Core runtime without a shell. Build it from the repository root:
#   docker build -t relay:<tag> .
# deploy/k8s runs /app/silo/Relay.Silo.dll and /app/receiver/Relay.Receiver.dll from it.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone, so that editing code reuses this layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Grains.Abstractions/Relay.Grains.Abstractions.csproj src/Grains.Abstractions/
COPY src/Grains/Relay.Grains.csproj src/Grains/
COPY src/Receiver/Relay.Receiver.csproj src/Receiver/
COPY src/Silo/Relay.Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Relay.Silo.csproj
COPY src/ src/
# Publish settings live in the two project files (framework-dependent, invariant globalization; the silo keeps its launcher).
RUN dotnet publish src/Silo/Relay.Silo.csproj -c Release --no-restore -o /app/silo \
 && dotnet publish src/Receiver/Relay.Receiver.csproj -c Release --no-restore -o /app/receiver \
 && mkdir -p /app/bin && ln -s ../silo/Relay.Silo /app/bin/relay

# Chiseled: no shell, no package manager; "app" (uid 1654) is the only user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
WORKDIR /app
COPY --from=build /app /app
USER 1654
# `relay` is the command line (docs/cli.md): the silo's native launcher, e.g. kubectl exec POD -- relay dead-letters list.
ENV PATH=/app/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DOTNET_ROOT=/usr/share/dotnet
# HTTP (intake, probes, API, dashboard), Orleans silo-to-silo, Orleans gateway.
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "/app/silo/Relay.Silo.dll"]
# Without --config the silo runs all-in-one with in-memory state; Kubernetes passes --config /etc/relay/relay.yaml.
CMD ["--urls", "http://0.0.0.0:8080"]
