package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Sim;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An identity provider that signs bearer tokens, as an OAuth server signs JWTs: a token is
 * {@code base64url(claims) "." base64url(HMAC-SHA256(key, claims))}. The claims are readable by
 * anyone; only the signature, made with a key that never leaves the issuer, makes them
 * trustworthy. Gateways check tokens with {@link #verifier()}.
 *
 * <p>Tests also make the tokens an attacker would send: {@link #forge} (signed with another
 * key), {@link #tamper} (a real token whose claims were edited), {@link #unsigned} (no
 * signature), and expired ones through {@link #issueUntil} with a time in the past.
 *
 * <pre>{@code
 * TokenIssuer auth = new TokenIssuer(sim, "auth");
 * String token = auth.issue("user-7", List.of("orders:read"), Time.minutes(15));
 * auth.verifier().verify(token).isValid();                       // true, for 15 minutes
 * auth.verifier().verify(auth.tamper(token, List.of("admin")));  // BAD_SIGNATURE
 * }</pre>
 */
public final class TokenIssuer {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Sim sim;
    private final String name;
    private final Mac key;
    private final Mac attackerKey;
    private final TokenVerifier verifier;

    /**
     * Creates an issuer whose signing key is drawn from the stream {@code tokens/<name>}.
     *
     * @param sim the simulation whose clock decides expiry
     * @param name its name, written into every token as the issuer
     */
    public TokenIssuer(Sim sim, String name) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.name = Objects.requireNonNull(name, "name");
        RandomStream random = sim.random("tokens/" + name);
        this.key = mac(bytes(random));
        this.attackerKey = mac(bytes(random));
        this.verifier = new TokenVerifier(this);
    }

    private static byte[] bytes(RandomStream random) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8; j++) {
                bytes[i + j] = (byte) (value >>> 8 * j);
            }
        }
        return bytes;
    }

    /**
     * Issues a token valid for a while from now.
     *
     * @param subject who it is for
     * @param scopes what it allows
     * @param ttl nanoseconds it stays valid
     * @return the token
     */
    public String issue(String subject, List<String> scopes, long ttl) {
        if (ttl <= 0) {
            throw new IllegalArgumentException("a token's time to live must be positive");
        }
        return issueUntil(subject, scopes, sim.now() + ttl);
    }

    /**
     * Issues a token valid until a given time, which may be in the past (an expired token).
     *
     * @param subject who it is for
     * @param scopes what it allows
     * @param expiresAt nanoseconds of virtual time, exclusive
     * @return the token
     */
    public String issueUntil(String subject, List<String> scopes, long expiresAt) {
        String payload = encode(new Claims(subject, scopes, expiresAt));
        return payload + "." + ENCODER.encodeToString(sign(key, payload));
    }

    /**
     * Makes a token with believable claims signed with a key that is not the issuer's.
     *
     * @param subject who it claims to be
     * @param scopes what it claims to allow
     * @param ttl nanoseconds until its claimed expiry
     * @return the forged token
     */
    public String forge(String subject, List<String> scopes, long ttl) {
        String payload = encode(new Claims(subject, scopes, sim.now() + ttl));
        return payload + "." + ENCODER.encodeToString(sign(attackerKey, payload));
    }

    /**
     * Takes a real token and replaces its scopes, keeping its signature (which no longer matches).
     *
     * @param token a token from this issuer
     * @param scopes the scopes it should claim
     * @return the altered token
     */
    public String tamper(String token, List<String> scopes) {
        Claims claims = decode(token.substring(0, token.indexOf('.')));
        return encode(new Claims(claims.subject(), scopes, claims.expiresAt())) + token.substring(token.indexOf('.'));
    }

    /**
     * Makes a token with claims and no signature at all.
     *
     * @param subject who it claims to be
     * @param scopes what it claims to allow
     * @param ttl nanoseconds until its claimed expiry
     * @return the unsigned token
     */
    public String unsigned(String subject, List<String> scopes, long ttl) {
        return encode(new Claims(subject, scopes, sim.now() + ttl)) + ".";
    }

    /**
     * Returns the verifier for this issuer's tokens, what a gateway uses.
     *
     * @return the verifier
     */
    public TokenVerifier verifier() {
        return verifier;
    }

    /**
     * Returns the issuer's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    TokenCheck check(String token) {
        if (token == null || token.isEmpty()) {
            return new TokenCheck(TokenCheck.Status.MISSING, null);
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return new TokenCheck(TokenCheck.Status.MALFORMED, null);
        }
        String payload = token.substring(0, dot);
        Claims claims;
        byte[] signature;
        try {
            claims = decode(payload);
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return new TokenCheck(TokenCheck.Status.MALFORMED, null);
        }
        if (claims == null) {
            return new TokenCheck(TokenCheck.Status.MALFORMED, null);
        }
        if (!MessageDigest.isEqual(signature, sign(key, payload))) {
            return new TokenCheck(TokenCheck.Status.BAD_SIGNATURE, null);
        }
        if (sim.now() >= claims.expiresAt()) {
            return new TokenCheck(TokenCheck.Status.EXPIRED, null);
        }
        return new TokenCheck(TokenCheck.Status.VALID, claims);
    }

    private String encode(Claims claims) {
        for (String scope : claims.scopes()) {
            if (scope.isEmpty() || scope.contains(",") || scope.contains(";")) {
                throw new IllegalArgumentException("a scope is a non-empty word without ',' or ';': '" + scope + "'");
            }
        }
        if (claims.subject().contains(";")) {
            throw new IllegalArgumentException("a subject has no ';': " + claims.subject());
        }
        String text = "iss=" + name + ";sub=" + claims.subject() + ";scopes=" + String.join(",", claims.scopes())
                + ";exp=" + claims.expiresAt();
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads claims, or returns null for text that is not this issuer's claims format. */
    private Claims decode(String payload) {
        String text = new String(DECODER.decode(payload), StandardCharsets.UTF_8);
        String[] parts = text.split(";", -1);
        if (parts.length != 4 || !parts[0].startsWith("iss=") || !parts[1].startsWith("sub=")
                || !parts[2].startsWith("scopes=") || !parts[3].startsWith("exp=")) {
            return null;
        }
        String scopes = parts[2].substring(7);
        try {
            return new Claims(parts[1].substring(4), scopes.isEmpty() ? List.of() : List.of(scopes.split(",")),
                    Long.parseLong(parts[3].substring(4)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Mac mac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** Signs with one of the issuer's keys; the simulation runs on one thread, so one Mac each will do. */
    private static byte[] sign(Mac key, String payload) {
        return key.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "TokenIssuer[" + name + "]";
    }
}
