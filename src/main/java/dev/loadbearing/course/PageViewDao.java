package dev.loadbearing.course;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** How often each lesson page was read; written by {@link PageViews} in batches, never per request. */
public interface PageViewDao {
    @SqlUpdate("""
            MERGE INTO page_view t
            USING (VALUES (CAST(:lessonId AS VARCHAR(100)))) s(lesson_id) ON t.lesson_id = s.lesson_id
            WHEN MATCHED THEN UPDATE SET views = t.views + :count, last_seen = CURRENT_TIMESTAMP
            WHEN NOT MATCHED THEN INSERT (lesson_id, views, last_seen) VALUES (s.lesson_id, :count, CURRENT_TIMESTAMP)
            """)
    void add(@Bind("lessonId") String lessonId, @Bind("count") long count);

    @SqlQuery("SELECT COALESCE(MAX(views), 0) FROM page_view WHERE lesson_id = :lessonId")
    long views(@Bind("lessonId") String lessonId);
}
