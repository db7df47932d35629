package dev.loadbearing.account;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Failed sign-ins per subject ({@code email:...}, {@code pair:ADDRESS EMAIL} or {@code ip:...}). */
@RegisterConstructorMapper(SignInFailureDao.Row.class)
public interface SignInFailureDao {
    record Row(String subject, int failures, Instant lastFailure) {}

    @SqlQuery("SELECT * FROM sign_in_failure WHERE subject = :subject")
    Optional<Row> find(@Bind("subject") String subject);

    @SqlUpdate("INSERT INTO sign_in_failure (subject, failures, last_failure) VALUES (:subject, :failures, :at)")
    void insert(@Bind("subject") String subject, @Bind("failures") int failures, @Bind("at") Instant at);

    @SqlUpdate("UPDATE sign_in_failure SET failures = :failures, last_failure = :at WHERE subject = :subject")
    int update(@Bind("subject") String subject, @Bind("failures") int failures, @Bind("at") Instant at);

    /** One more failure, counted from 1 again when the last one is older than {@code forgetBefore}. */
    @SqlUpdate("""
            UPDATE sign_in_failure
            SET failures = CASE WHEN last_failure < :forgetBefore THEN 1 ELSE failures + 1 END, last_failure = :at
            WHERE subject = :subject
            """)
    int increment(@Bind("subject") String subject, @Bind("at") Instant at, @Bind("forgetBefore") Instant forgetBefore);

    @SqlUpdate("DELETE FROM sign_in_failure WHERE subject = :subject")
    void clear(@Bind("subject") String subject);
}
