package dev.loadbearing.submission;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * What the grading nodes on one database share beside the jobs: who grades and how much it can
 * hold (the admission queue's size), and the rate limits' token buckets.
 */
@RegisterConstructorMapper(GradingClusterDao.Bucket.class)
public interface GradingClusterDao {
    /** A token bucket as stored: tokens as of {@code updatedAt} (epoch ms). */
    record Bucket(double tokens, long updatedAt) {}

    @SqlUpdate("UPDATE grading_node SET capacity = :capacity, seen_at = :now WHERE node = :node")
    int touch(@Bind("node") String node, @Bind("capacity") int capacity, @Bind("now") long now);

    @SqlUpdate("INSERT INTO grading_node (node, capacity, seen_at) VALUES (:node, :capacity, :now)")
    void join(@Bind("node") String node, @Bind("capacity") int capacity, @Bind("now") long now);

    /** Says that {@code node} is alive and holds up to {@code capacity} gradings. */
    default void heartbeat(String node, int capacity, long now) {
        if (touch(node, capacity, now) == 0) {
            join(node, capacity, now); // a node id is one process, so nobody else inserts it at once
        }
    }

    @SqlUpdate("DELETE FROM grading_node WHERE node = :node")
    void leave(@Bind("node") String node);

    /** Gradings the nodes seen since {@code since} hold together, running and queued. */
    @SqlQuery("SELECT COALESCE(SUM(capacity), 0) FROM grading_node WHERE seen_at >= :since")
    int capacity(@Bind("since") long since);

    @SqlQuery("SELECT COUNT(*) FROM grading_node WHERE seen_at >= :since")
    int nodes(@Bind("since") long since);

    @SqlQuery("SELECT tokens, updated_at FROM rate_bucket WHERE bucket = :bucket FOR UPDATE")
    Optional<Bucket> lockBucket(@Bind("bucket") String bucket);

    @SqlUpdate("INSERT INTO rate_bucket (bucket, tokens, updated_at) VALUES (:bucket, :tokens, :now)")
    void insertBucket(@Bind("bucket") String bucket, @Bind("tokens") double tokens, @Bind("now") long now);

    @SqlUpdate("UPDATE rate_bucket SET tokens = :tokens, updated_at = :now WHERE bucket = :bucket")
    void updateBucket(@Bind("bucket") String bucket, @Bind("tokens") double tokens, @Bind("now") long now);

    /**
     * Takes one token from a bucket holding at most {@code burst} and refilling at {@code perMinute},
     * in one transaction with the bucket's row locked, so nodes taking tokens at once never both
     * take the last one. A bucket seen for the first time starts full; two nodes creating it at
     * once make one of them fail on the primary key (the caller retries).
     *
     * @return 0 when a token was taken, else the milliseconds until one is free
     */
    @Transaction
    default long take(String bucket, int perMinute, int burst, long now) {
        double rate = perMinute / 60_000.0; // tokens per millisecond
        Optional<Bucket> stored = lockBucket(bucket);
        double tokens = stored.map(b -> Math.min(burst, b.tokens() + Math.max(0, now - b.updatedAt()) * rate)).orElse((double) burst);
        long wait = 0;
        if (tokens >= 1) {
            tokens -= 1;
        } else {
            wait = (long) Math.ceil((1 - tokens) / rate);
        }
        if (stored.isPresent()) {
            updateBucket(bucket, tokens, now);
        } else {
            insertBucket(bucket, tokens, now);
        }
        return wait;
    }

    /** Forgets buckets untouched since {@code before}: they are full again, as a missing one is. */
    @SqlUpdate("DELETE FROM rate_bucket WHERE updated_at < :before")
    int forgetBuckets(@Bind("before") long before);
}
