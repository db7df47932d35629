package dev.loadbearing.course;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Counts lesson page reads. */
public interface PageViewDao {
    @SqlUpdate("""
            MERGE INTO page_view t
            USING (VALUES (CAST(:lessonId AS VARCHAR(100)))) s(lesson_id) ON t.lesson_id = s.lesson_id
            WHEN MATCHED THEN UPDATE SET views = t.views + 1, last_seen = CURRENT_TIMESTAMP
            WHEN NOT MATCHED THEN INSERT (lesson_id, views, last_seen) VALUES (s.lesson_id, 1, CURRENT_TIMESTAMP)
            """)
    void record(@Bind("lessonId") String lessonId);

    @SqlQuery("SELECT COALESCE(MAX(views), 0) FROM page_view WHERE lesson_id = :lessonId")
    long views(@Bind("lessonId") String lessonId);
}
