package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;

/**
 * Checks bearer tokens from one {@link TokenIssuer}: the signature (so forged or altered claims
 * are refused) and the expiry against the simulation's clock. Only a verified token's claims
 * can be trusted; reading the claims out of a token without this check trusts whatever an
 * attacker wrote.
 *
 * <pre>{@code
 * TokenCheck check = verifier.verify(request);
 * if (!check.isValid()) {
 *     exchange.respond(HttpResponse.unauthorized(check.status().reason()));
 * } else if (!check.claims().hasScope("orders:write")) {
 *     exchange.respond(HttpResponse.forbidden("needs orders:write"));
 * }
 * }</pre>
 */
@LearnerApi
public final class TokenVerifier {
    private final TokenIssuer issuer;
    private long verifications;

    TokenVerifier(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    /**
     * Checks a token.
     *
     * @param token the token, or {@code null}
     * @return the verdict, with the claims if valid
     */
    @LearnerApi
    public TokenCheck verify(String token) {
        verifications++;
        return issuer.check(token);
    }

    /**
     * Checks the bearer token of a request ({@code Authorization: Bearer <token>}).
     *
     * @param request the request
     * @return the verdict; {@link TokenCheck.Status#MISSING} without a bearer token
     */
    @LearnerApi
    public TokenCheck verify(HttpRequest request) {
        return verify(request.bearerToken());
    }

    /**
     * Returns how many tokens were checked, for tests.
     *
     * @return verifications so far
     */
    @LearnerApi.Internal("a gateway only verifies; the test counts")
    public long verifications() {
        return verifications;
    }

    @Override
    public String toString() {
        return "TokenVerifier[" + issuer.name() + "]";
    }
}
