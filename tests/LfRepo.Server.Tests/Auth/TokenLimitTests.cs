using System.Buffers.Binary;
using System.Net;
using LfRepo.Server.Storage;
using LfRepo.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LfRepo.Server.Auth;

namespace LfRepo.Server.Tests.Auth;

[Trait("Engine", "Both")]
public sealed class TokenLimitTests
{
    private const string TokenUrl = $"{LfRepoApp.Base}/v1/Repositories/{LfRepoApp.RepositoryId}/Token";

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password) =>
        client.PostAsync(TokenUrl, new FormUrlEncodedContent([new("grant_type", "password"), new("username", user), new("password", password)]));

    [Fact]
    public async Task A_user_tried_with_too_many_wrong_passwords_gets_429_with_Retry_After()
    {
        await using var app = new LfRepoApp(("LfRepo:Auth:FailedSignInsPerMinute", "3"));
        var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            await (await SignInAsync(client, "admin", $"guess {i}")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "Invalid username or password.");
        }
        var limited = await SignInAsync(client, "admin", "admin");
        var otherUser = await SignInAsync(client, "someone", "x");

        (await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.")).Str("detail").Should().Contain("wrong passwords");
        int.Parse(limited.Headers.RetryAfter!.ToString()).Should().BeInRange(1, 60);
        await otherUser.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task One_address_sending_too_many_token_requests_gets_429_with_Retry_After()
    {
        await using var app = new LfRepoApp(("LfRepo:Auth:TokenRequestBurst", "5"), ("LfRepo:Auth:TokenRequestsPerMinute", "1"));
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 8; i++)
        {
            last = await SignInAsync(client, $"user{i}", "x");
            statuses.Add(last.StatusCode);
        }

        statuses.Take(5).Should().OnlyContain(s => s == HttpStatusCode.Unauthorized);
        statuses.Skip(5).Should().OnlyContain(s => s == HttpStatusCode.TooManyRequests);
        (await last!.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "Rate limit is reached.")).Str("detail").Should().Contain("this address");
        last!.Headers.RetryAfter.Should().NotBeNull();
    }

    [Fact]
    public async Task An_unknown_user_costs_one_hash_verification_like_a_wrong_password()
    {
        var hasher = new CountingHasher();
        await using var app = new LfRepoApp();
        await using var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<IPasswordHasher<UserRecord>>();
            s.AddSingleton<IPasswordHasher<UserRecord>>(hasher);
        }));
        var client = counted.CreateClient();
        hasher.Verifications = 0;

        await (await SignInAsync(client, "nobody", "x")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var afterUnknownUser = hasher.Verifications;
        await (await SignInAsync(client, "admin", "wrong")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var afterWrongPassword = hasher.Verifications - afterUnknownUser;
        await (await SignInAsync(client, "admin", "admin")).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await SignInAsync(client, "admin", "admin")).ShouldBeJsonAsync(HttpStatusCode.OK);

        afterUnknownUser.Should().Be(1);
        afterWrongPassword.Should().Be(1);
        (hasher.Verifications - afterUnknownUser - afterWrongPassword).Should().Be(2, "no password is cached: every sign-in verifies the hash");
    }

    [Fact]
    public async Task Passwords_are_hashed_with_at_least_100000_PBKDF2_iterations()
    {
        await using var app = new LfRepoApp();
        app.CreateClient();
        var store = app.Services.GetRequiredService<StoreConnection>();
        await using var connection = await store.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PasswordHash FROM Users WHERE UserName = 'admin'";

        var hash = Convert.FromBase64String((string)(await command.ExecuteScalarAsync())!);

        hash[0].Should().Be(0x01, "Identity's version 3 format: PRF, iteration count, salt, subkey");
        BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)).Should().BeGreaterThanOrEqualTo(100_000);
    }

    private sealed class CountingHasher : IPasswordHasher<UserRecord>
    {
        private readonly PasswordHasher<UserRecord> _inner = new();

        public int Verifications;

        public string HashPassword(UserRecord user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(UserRecord user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref Verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
