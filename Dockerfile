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
# pdftoppm renders PDF pages, tesseract reads page images (OCR); curl answers the health check.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends poppler-utils tesseract-ocr curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The data folder belongs to the image's unprivileged user (app, from the .NET base image).
RUN mkdir -p /data && chown "$APP_UID" /data
ENV LfRepo__DataDir=/data \
    ASPNETCORE_URLS=http://0.0.0.0:8080
VOLUME /data
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
# The image listens on every address with the default admin/admin: it says so with a warning at start.
# Set LfRepo__AdminPassword to use your own password.
ENTRYPOINT ["dotnet", "LfRepo.Server.dll", "--allow-default-credentials"]
