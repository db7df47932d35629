package dev.loadbearing.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What an account has done (quiz questions, passed exercises) and the code it is writing. */
@RegisterConstructorMapper(ProgressDao.Item.class)
@RegisterConstructorMapper(ProgressDao.Draft.class)
public interface ProgressDao {
    record Item(String item, Instant doneAt) {}

    record Draft(String exerciseId, String version, String files, Instant updatedAt) {}

    @SqlQuery("SELECT item, done_at FROM progress WHERE account_id = :accountId ORDER BY done_at, item")
    List<Item> items(@Bind("accountId") long accountId);

    @SqlQuery("SELECT COUNT(*) FROM progress WHERE account_id = :accountId")
    int count(@Bind("accountId") long accountId);

    /** Records an item once: the first time it was done is the one kept. */
    @SqlUpdate("""
            INSERT INTO progress (account_id, item, done_at)
            SELECT :accountId, :item, :doneAt WHERE NOT EXISTS
              (SELECT 1 FROM progress WHERE account_id = :accountId AND item = :item)
            """)
    int insertIfAbsent(@Bind("accountId") long accountId, @Bind("item") String item, @Bind("doneAt") Instant doneAt);

    @SqlQuery("SELECT exercise_id, version, files, updated_at FROM draft WHERE account_id = :accountId AND exercise_id = :exerciseId")
    Optional<Draft> draft(@Bind("accountId") long accountId, @Bind("exerciseId") String exerciseId);

    @SqlUpdate("""
            UPDATE draft SET version = :version, files = :files, updated_at = :at
            WHERE account_id = :accountId AND exercise_id = :exerciseId
            """)
    int updateDraft(@Bind("accountId") long accountId, @Bind("exerciseId") String exerciseId, @Bind("version") String version,
                    @Bind("files") String files, @Bind("at") Instant at);

    @SqlUpdate("""
            INSERT INTO draft (account_id, exercise_id, version, files, updated_at)
            VALUES (:accountId, :exerciseId, :version, :files, :at)
            """)
    void insertDraft(@Bind("accountId") long accountId, @Bind("exerciseId") String exerciseId, @Bind("version") String version,
                     @Bind("files") String files, @Bind("at") Instant at);

    @SqlUpdate("DELETE FROM draft WHERE account_id = :accountId AND exercise_id = :exerciseId")
    void deleteDraft(@Bind("accountId") long accountId, @Bind("exerciseId") String exerciseId);
}
