package dev.loadbearing.sim.shard;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Objects;

/**
 * One shard of a keyspace: a database server (or a group of replicas) that holds some of the
 * keys. A shard is known by its name only; its position in a list of shards means nothing and
 * changes when shards are added or removed.
 *
 * @param name the shard's name, unique in its keyspace, such as {@code "kestrel"}
 */
@LearnerApi(allMembers = true)
public record Shard(String name) {
    /**
     * Checks the name.
     *
     * @param name see the record description
     */
    public Shard {
        Objects.requireNonNull(name, "a shard needs a name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a shard needs a non-blank name");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
