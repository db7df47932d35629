package dev.loadbearing.account;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Signed-in browsers, by the SHA-256 of their cookie's id. */
@RegisterConstructorMapper(SessionDao.Row.class)
public interface SessionDao {
    record Row(String idHash, long accountId, Instant createdAt, Instant lastSeen) {}

    @SqlUpdate("INSERT INTO account_session (id_hash, account_id, created_at, last_seen) VALUES (:idHash, :accountId, :at, :at)")
    void insert(@Bind("idHash") String idHash, @Bind("accountId") long accountId, @Bind("at") Instant at);

    @SqlQuery("SELECT * FROM account_session WHERE id_hash = :idHash")
    Optional<Row> find(@Bind("idHash") String idHash);

    @SqlUpdate("UPDATE account_session SET last_seen = :at WHERE id_hash = :idHash")
    void touch(@Bind("idHash") String idHash, @Bind("at") Instant at);

    @SqlUpdate("DELETE FROM account_session WHERE id_hash = :idHash")
    void delete(@Bind("idHash") String idHash);

    @SqlUpdate("DELETE FROM account_session WHERE account_id = :accountId")
    int deleteAllOf(@Bind("accountId") long accountId);

    /** Removes every session idle since before {@code idleSince} or started before {@code startedSince}. */
    @SqlUpdate("DELETE FROM account_session WHERE last_seen < :idleSince OR created_at < :startedSince")
    int deleteExpired(@Bind("idleSince") Instant idleSince, @Bind("startedSince") Instant startedSince);

    @SqlQuery("SELECT COUNT(*) FROM account_session WHERE account_id = :accountId")
    int countOf(@Bind("accountId") long accountId);
}
