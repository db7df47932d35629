package dev.loadbearing.sim.store;

import dev.loadbearing.sim.engine.LearnerApi;
import dev.loadbearing.sim.engine.Time;

/**
 * The constants of a {@link RelationalDatabase}'s cost model, in nanoseconds of virtual time.
 * The defaults describe a table on an SSD whose upper index levels are cached: a full scan reads
 * rows sequentially at 1 µs each; every index level descended and every row fetched through an
 * index is a random page read of 0.1 ms.
 *
 * @param scanRow reading and testing one row in a full scan
 * @param pageRead one random page read: an index level, or fetching one row by its pointer
 * @param indexEntry reading one entry of an index's leaf pages, next to the one before
 * @param sortRow sorting, per row per doubling ({@code n log2 n} of it for n rows)
 * @param rowWrite inserting one row into the table itself (its primary key included)
 * @param indexWrite adding one entry to one secondary index (finding its leaf and writing it)
 * @param fanout keys per index page: an index of n entries is {@code ceil(log_fanout n)} levels deep
 */
@LearnerApi(allMembers = true)
public record QueryCosts(long scanRow, long pageRead, long indexEntry, long sortRow, long rowWrite,
        long indexWrite, int fanout) {

    /** The defaults: 1 µs a scanned row, 0.1 ms a page, 0.5 µs an entry, 0.1 µs sorting, 0.2 ms a row written, 0.1 ms an index entry written, 300 keys a page. */
    public static final QueryCosts DEFAULT = new QueryCosts(Time.ms(0.001), Time.ms(0.1), Time.ms(0.0005),
            Time.ms(0.0001), Time.ms(0.2), Time.ms(0.1), 300);

    /**
     * Checks every cost is positive and the fanout at least 2.
     *
     * @param scanRow see the record description
     * @param pageRead see the record description
     * @param indexEntry see the record description
     * @param sortRow see the record description
     * @param rowWrite see the record description
     * @param indexWrite see the record description
     * @param fanout see the record description
     */
    public QueryCosts {
        if (scanRow <= 0 || pageRead <= 0 || indexEntry <= 0 || sortRow <= 0 || rowWrite <= 0 || indexWrite <= 0) {
            throw new IllegalArgumentException("every cost must be positive");
        }
        if (fanout < 2) {
            throw new IllegalArgumentException("an index page holds at least 2 keys");
        }
    }

    /**
     * @param entries entries in an index
     * @return the levels a lookup descends: at least 1
     */
    public int levels(long entries) {
        int levels = 1;
        for (long capacity = fanout; capacity < entries; capacity *= fanout) {
            levels++;
        }
        return levels;
    }
}
