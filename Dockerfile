# Multi-stage build of the LfRepo server.
#   docker build -t lfrepo .
#   docker run -p 5000:8080 -v lfrepo-data:/data lfrepo
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/LfRepo.Server/LfRepo.Server.csproj src/LfRepo.Server/
RUN dotnet restore src/LfRepo.Server/LfRepo.Server.csproj
COPY src/ src/
RUN dotnet publish src/LfRepo.Server/LfRepo.Server.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
ENV LfRepo__DataDir=/data \
    ASPNETCORE_URLS=http://0.0.0.0:8080
VOLUME /data
EXPOSE 8080
# The image listens on every address with the default admin/admin: it says so with a warning at start.
# Set LfRepo__AdminPassword to use your own password.
ENTRYPOINT ["dotnet", "LfRepo.Server.dll", "--allow-default-credentials"]
