using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FundMail.TestServers.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FundMail.TestServers.Entra
{
    /// <summary>
    /// A real HTTPS token endpoint in Microsoft Entra ID's shape on 127.0.0.1 (Kestrel), for tests and the demo:
    /// client-credentials grant with secret or certificate assertion, signed RS256 access tokens for Exchange Online,
    /// Entra's error answers, and a minimal OpenID configuration.
    /// </summary>
    public sealed class EntraTokenEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly X509Certificate2 _serverCertificate;
        private readonly IServerAddressesFeature _addresses;
        private int _tokenRequests;
        private int _tokensIssued;

        private EntraTokenEndpoint(WebApplication app, X509Certificate2 serverCertificate, TokenSigner signer)
        {
            _app = app;
            _serverCertificate = serverCertificate;
            _addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
            Signer = signer;
        }

        /// <summary>https://127.0.0.1:PORT — MSAL's authority is this plus "/TENANT". The port is the one Kestrel bound.</summary>
        public Uri AuthorityHost => new Uri(_addresses.Addresses.Single() + "/");

        public TokenSigner Signer { get; }

        /// <summary>Every POST to a token URL, answered with a token or an error.</summary>
        public int TokenRequests => Volatile.Read(ref _tokenRequests);

        public int TokensIssued => Volatile.Read(ref _tokensIssued);

        public Uri TokenUrl(string tenant) => new Uri(AuthorityHost, tenant + "/oauth2/v2.0/token");

        /// <summary>Writes the signing key where Dovecot's oauth2 passdb (local validation) looks; returns the key file.</summary>
        public string WriteDovecotKeys(string dir) => Signer.WriteDovecotKeys(dir);

        public static async Task<EntraTokenEndpoint> StartAsync(TestPki pki, EntraOptions options)
        {
            var serverCertificate = pki.IssueServer("127.0.0.1", "localhost");
            var signer = new TokenSigner();

            // No appsettings reload: its watcher would follow every file written under the working directory and take
            // CPU from whatever is being measured there.
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = new[] { "--hostBuilder:reloadConfigOnChange=false" },
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Logging.ClearProviders();
            // Port 0: Kestrel binds a free port itself, so no other process can take it between picking and binding.
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(serverCertificate)));
            var app = builder.Build();
            var endpoint = new EntraTokenEndpoint(app, serverCertificate, signer);
            var handler = new TokenRequestHandler(options, signer, () => endpoint.AuthorityHost);

            app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpContext http) =>
            {
                Interlocked.Increment(ref endpoint._tokenRequests);
                var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : FormCollection.Empty;
                var (status, body) = handler.Handle(tenant, form, http.Request.Headers["client-request-id"]);
                if (status == 200)
                    Interlocked.Increment(ref endpoint._tokensIssued);
                await WriteJson(http, status, body);
            });
            app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant, HttpContext http) =>
                WriteJson(http, 200, OpenIdConfiguration(endpoint.AuthorityHost, tenant, handler.TokenUrl(tenant))));
            app.MapGet("/{tenant}/discovery/v2.0/keys", (HttpContext http) =>
                WriteJson(http, 200, new Dictionary<string, object> { ["keys"] = new[] { signer.Jwk() } }));

            await app.StartAsync();
            return endpoint;
        }

        private static Dictionary<string, object> OpenIdConfiguration(Uri host, string tenant, string tokenUrl) => new Dictionary<string, object>
        {
            ["issuer"] = new Uri(host, tenant + "/v2.0").AbsoluteUri,
            ["token_endpoint"] = tokenUrl,
            ["authorization_endpoint"] = new Uri(host, tenant + "/oauth2/v2.0/authorize").AbsoluteUri,
            ["jwks_uri"] = new Uri(host, tenant + "/discovery/v2.0/keys").AbsoluteUri,
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "private_key_jwt", "client_secret_basic" },
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["tenant_region_scope"] = "EU",
        };

        private static Task WriteJson(HttpContext http, int status, object body)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store, no-cache";
            return http.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body)).AsTask();
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            Signer.Dispose();
            _serverCertificate.Dispose();
        }
    }
}
