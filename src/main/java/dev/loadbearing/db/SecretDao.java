package dev.loadbearing.db;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Signing keys kept in the database, so every node and every restart signs with the same one. */
public interface SecretDao {
    @SqlQuery("SELECT secret FROM server_secret WHERE name = :name")
    Optional<String> find(@Bind("name") String name);

    @SqlUpdate("INSERT INTO server_secret (name, secret) VALUES (:name, :secret)")
    void insert(@Bind("name") String name, @Bind("secret") String secret);

    /** The 256-bit key of this name, made at random the first time any node asks for it. */
    default byte[] key(String name) {
        Optional<String> stored = find(name);
        if (stored.isEmpty()) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                insert(name, Base64.getEncoder().encodeToString(fresh));
            } catch (JdbiException e) {
                // Another node stored its key first: use that one (read below), or fail if there is none.
            }
            stored = find(name);
        }
        return Base64.getDecoder().decode(stored.orElseThrow(() -> new IllegalStateException("cannot store the " + name + " key")));
    }
}
