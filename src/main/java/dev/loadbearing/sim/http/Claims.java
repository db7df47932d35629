package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.List;
import java.util.Objects;

/**
 * What a verified token says about its bearer: who they are, what they may do, and until when.
 * A {@link TokenVerifier} gives claims only for a token whose signature and expiry it checked.
 *
 * @param subject who the token was issued to, such as {@code "user-42"}
 * @param scopes what it allows, such as {@code ["orders:read"]}
 * @param expiresAt when it stops being valid, in nanoseconds of virtual time (exclusive)
 */
@LearnerApi(allMembers = true)
public record Claims(String subject, List<String> scopes, long expiresAt) {

    /** Copies the scopes and checks the subject. */
    public Claims {
        Objects.requireNonNull(subject, "subject");
        scopes = List.copyOf(scopes);
    }

    /**
     * Returns whether the token grants a scope.
     *
     * @param scope the scope, such as {@code "orders:write"}
     * @return {@code true} if it is among the scopes
     */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
