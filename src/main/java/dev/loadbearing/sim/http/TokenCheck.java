package dev.loadbearing.sim.http;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Objects;

/**
 * What a {@link TokenVerifier} found: a status, and the claims when (and only when) the token
 * is valid.
 *
 * @param status the verdict
 * @param claims the verified claims, or {@code null} unless the status is {@link Status#VALID}
 */
@LearnerApi(allMembers = true)
public record TokenCheck(Status status, Claims claims) {

    /** The verdicts, each with its reason in words. */
    @LearnerApi(allMembers = true)
    public enum Status {
        /** Signed by the issuer and not expired. */
        VALID("valid"),
        /** No token at all. */
        MISSING("no token"),
        /** Not a token: wrong shape or encoding. */
        MALFORMED("malformed token"),
        /** The signature does not match: forged, or altered after it was signed. */
        BAD_SIGNATURE("bad signature"),
        /** Signed by the issuer, but past its expiry. */
        EXPIRED("token expired");

        private final String reason;

        Status(String reason) {
            this.reason = reason;
        }

        /**
         * Returns the verdict in words, for a 401's body.
         *
         * @return such as {@code "token expired"}
         */
        public String reason() {
            return reason;
        }
    }

    /** Checks that claims come with a valid status only. */
    public TokenCheck {
        Objects.requireNonNull(status, "status");
        if ((status == Status.VALID) != (claims != null)) {
            throw new IllegalArgumentException("a token check has claims exactly when it is valid");
        }
    }

    /**
     * Returns whether the token is valid.
     *
     * @return {@code true} for {@link Status#VALID}
     */
    public boolean isValid() {
        return status == Status.VALID;
    }
}
