using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using FundMail.TestServers.Entra;
using Xunit;

namespace FundMail.Tests.Auth
{
    /// <summary>The test token endpoint itself: Entra's answers, assertion checks and the keys Dovecot will read.</summary>
    public class EntraTokenEndpointTests : IClassFixture<EntraFixture>, IDisposable
    {
        private const string Scope = "https://outlook.office365.com/.default";
        private readonly EntraFixture _entra;
        private readonly HttpClient _http;

        public EntraTokenEndpointTests(EntraFixture entra)
        {
            _entra = entra;
            var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, ch, e) => entra.Trust.Validate(c, ch, e) };
            _http = new HttpClient(handler);
        }

        public void Dispose() => _http.Dispose();

        [Fact]
        public async Task Wrong_secret_answers_in_Entras_error_shape()
        {
            var app = _entra.AddApp();
            var request = new HttpRequestMessage(HttpMethod.Post, _entra.Endpoint.TokenUrl(app.TenantId))
            {
                Content = Form(app.ClientId, Scope, ("client_secret", "wrong")),
            };
            request.Headers.Add("client-request-id", "11111111-2222-3333-4444-555555555555");

            using var response = await _http.SendAsync(request);
            var body = await Json(response);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("invalid_client", body.GetProperty("error").GetString());
            Assert.StartsWith("AADSTS7000215: Invalid client secret provided.", body.GetProperty("error_description").GetString());
            Assert.Equal(7000215, body.GetProperty("error_codes")[0].GetInt32());
            Assert.Equal("11111111-2222-3333-4444-555555555555", body.GetProperty("correlation_id").GetString());
            Assert.True(Guid.TryParse(body.GetProperty("trace_id").GetString(), out _));
            Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", body.GetProperty("timestamp").GetString());
        }

        [Theory]
        [InlineData("https://outlook.office365.com/IMAP.AccessAsUser.All", 1002012)]
        [InlineData("https://graph.microsoft.com/.default", 70011)]
        [InlineData("", 70011)]
        public async Task Wrong_scope_is_invalid_scope(string scope, int code)
        {
            var app = _entra.AddApp();

            using var response = await _http.PostAsync(_entra.Endpoint.TokenUrl(app.TenantId), Form(app.ClientId, scope, ("client_secret", app.ClientSecret!)));
            var body = await Json(response);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
            Assert.Equal(code, body.GetProperty("error_codes")[0].GetInt32());
        }

        [Fact]
        public async Task Token_carries_Exchange_claims_and_verifies_with_the_Dovecot_key_file()
        {
            var app = _entra.AddApp(mailbox: "fund@example.test");
            app.Roles = new[] { "IMAP.AccessAsApp", "Mail.Read" };

            var token = await IssueAsync(app, ("client_secret", app.ClientSecret!));
            var keyFile = _entra.Endpoint.WriteDovecotKeys(Path.Combine(_entra.Dir, "dovecot"));

            var parts = token.Split('.');
            var header = Decode(parts[0]);
            var claims = Decode(parts[1]);
            Assert.Equal("RS256", header.GetProperty("alg").GetString());
            Assert.Equal(Path.Combine(_entra.Dir, "dovecot", "keys", "default", "RS256", header.GetProperty("kid").GetString()!), keyFile);
            using var key = RSA.Create();
            key.ImportFromPem(File.ReadAllText(keyFile));
            Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.OtherRead, File.GetUnixFileMode(keyFile) & UnixFileMode.OtherRead);

            Assert.Equal("https://outlook.office365.com", claims.GetProperty("aud").GetString());
            Assert.Equal("https://sts.windows.net/" + EntraFixture.Tenant + "/", claims.GetProperty("iss").GetString());
            Assert.Equal(app.ObjectId, claims.GetProperty("oid").GetString());
            Assert.Equal(app.ObjectId, claims.GetProperty("sub").GetString());
            Assert.Equal("fund@example.test", claims.GetProperty("email").GetString());
            Assert.Equal(2, claims.GetProperty("roles").GetArrayLength());
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Assert.InRange(claims.GetProperty("exp").GetInt64(), now + 3500, now + 3601);
        }

        [Fact]
        public async Task Expired_token_switch_issues_tokens_already_past_exp()
        {
            var app = _entra.AddApp();
            app.IssueExpiredTokens = true;

            var token = await IssueAsync(app, ("client_secret", app.ClientSecret!));

            Assert.True(Decode(token.Split('.')[1]).GetProperty("exp").GetInt64() < DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }

        [Fact]
        public async Task Rs256_assertion_with_x5t_and_numeric_dates_is_accepted()
        {
            var app = _entra.AddApp();
            using var cert = EntraFixture.NewClientCertificate();
            app.Certificate = X509CertificateLoader.LoadCertificate(cert.RawData);
            var assertion = Assertion(cert, app.ClientId, _entra.Endpoint.TokenUrl(app.TenantId).AbsoluteUri, DateTimeOffset.UtcNow.AddMinutes(10));

            var token = await IssueAsync(app, ("client_assertion", assertion), ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));

            Assert.Equal("2", Decode(token.Split('.')[1]).GetProperty("appidacr").GetString());
        }

        [Theory]
        [InlineData("tampered", 700027)]
        [InlineData("audience", 700027)]
        [InlineData("expired", 700024)]
        [InlineData("issuer", 700021)]
        public async Task Bad_assertion_is_refused(string fault, int code)
        {
            var app = _entra.AddApp();
            using var cert = EntraFixture.NewClientCertificate();
            app.Certificate = X509CertificateLoader.LoadCertificate(cert.RawData);
            var url = _entra.Endpoint.TokenUrl(app.TenantId).AbsoluteUri;
            var assertion = Assertion(cert, fault == "issuer" ? "someone-else" : app.ClientId, fault == "audience" ? url + "x" : url,
                DateTimeOffset.UtcNow.AddMinutes(fault == "expired" ? -1 : 10));
            if (fault == "tampered")
                assertion = assertion.Substring(0, assertion.Length - 4) + (assertion.EndsWith("AAAA") ? "BBBB" : "AAAA");

            using var response = await _http.PostAsync(url, Form(app.ClientId, Scope, ("client_assertion", assertion),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")));
            var body = await Json(response);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("invalid_client", body.GetProperty("error").GetString());
            Assert.Equal(code, body.GetProperty("error_codes")[0].GetInt32());
        }

        [Fact]
        public async Task OpenId_configuration_points_at_the_token_url_and_keys()
        {
            var config = await Json(await _http.GetAsync(new Uri(_entra.Endpoint.AuthorityHost, EntraFixture.Tenant + "/v2.0/.well-known/openid-configuration")));
            var keys = await Json(await _http.GetAsync(config.GetProperty("jwks_uri").GetString()));

            Assert.Equal(_entra.Endpoint.TokenUrl(EntraFixture.Tenant).AbsoluteUri, config.GetProperty("token_endpoint").GetString());
            Assert.Equal(_entra.Endpoint.Signer.Kid, keys.GetProperty("keys")[0].GetProperty("kid").GetString());
        }

        private async Task<string> IssueAsync(EntraApp app, params (string, string)[] credential)
        {
            var before = _entra.Endpoint.TokensIssued;
            using var response = await _http.PostAsync(_entra.Endpoint.TokenUrl(app.TenantId), Form(app.ClientId, Scope, credential));
            var body = await Json(response);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
            Assert.Equal(app.TokenLifetimeSeconds, body.GetProperty("expires_in").GetInt32());
            Assert.True(_entra.Endpoint.TokensIssued > before);
            return body.GetProperty("access_token").GetString()!;
        }

        /// <summary>An RS256 assertion with the SHA-1 x5t header and numeric dates (other clients than MSAL.NET send these).</summary>
        private static string Assertion(X509Certificate2 cert, string clientId, string audience, DateTimeOffset expires)
        {
            var header = new Dictionary<string, object> { ["alg"] = "RS256", ["typ"] = "JWT", ["x5t"] = Base64Url(SHA1.HashData(cert.RawData)) };
            var claims = new Dictionary<string, object>
            {
                ["aud"] = audience, ["iss"] = clientId, ["sub"] = clientId, ["jti"] = Guid.NewGuid().ToString(),
                ["nbf"] = expires.AddMinutes(-20).ToUnixTimeSeconds(), ["exp"] = expires.ToUnixTimeSeconds(),
            };
            var input = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
            using var key = cert.GetRSAPrivateKey()!;
            return input + "." + Base64Url(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }

        private static FormUrlEncodedContent Form(string clientId, string scope, params (string Name, string Value)[] credential)
        {
            var fields = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "client_credentials"), new("client_id", clientId), new("scope", scope),
            };
            foreach (var (name, value) in credential)
                fields.Add(new(name, value));
            return new FormUrlEncodedContent(fields);
        }

        private static async Task<JsonElement> Json(HttpResponseMessage response) =>
            JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        private static JsonElement Decode(string part) => JsonDocument.Parse(Base64Url(part)).RootElement;

        private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static byte[] Base64Url(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
        }
    }
}
