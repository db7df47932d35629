package dev.loadbearing.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Accounts as stored, and moving a guest's stored work into an account. */
@RegisterConstructorMapper(AccountDao.Row.class)
public interface AccountDao {
    /** An account row; {@link #user()} is what leaves this package's services. */
    record Row(long id, String email, String name, String role, String passwordHash, Instant createdAt) {
        User user() {
            return new User(id, email, name, Role.parse(role));
        }
    }

    @SqlUpdate("""
            INSERT INTO account (email, name, role, password_hash, created_at)
            VALUES (:email, :name, :role, :passwordHash, :createdAt)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("email") String email, @Bind("name") String name, @Bind("role") String role,
                @Bind("passwordHash") String passwordHash, @Bind("createdAt") Instant createdAt);

    @SqlQuery("SELECT * FROM account WHERE email = :email")
    Optional<Row> byEmail(@Bind("email") String email);

    @SqlQuery("SELECT * FROM account WHERE id = :id")
    Optional<Row> byId(@Bind("id") long id);

    @SqlQuery("SELECT * FROM account ORDER BY id")
    List<Row> all();

    @SqlUpdate("UPDATE account SET password_hash = :passwordHash WHERE id = :id")
    int updatePassword(@Bind("id") long id, @Bind("passwordHash") String passwordHash);

    /** Hands a guest's runs and submissions to an account: the rows keep everything but their owner. */
    @SqlUpdate("UPDATE submission SET learner = :account WHERE learner = :guest")
    int moveSubmissions(@Bind("guest") String guest, @Bind("account") String account);
}
