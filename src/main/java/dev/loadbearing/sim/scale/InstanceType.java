package dev.loadbearing.sim.scale;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Locale;

/**
 * A machine size, as a cloud sells them: each size has twice the workers of the one before and
 * costs a little more than twice as much per hour, so a big machine is never cheaper per
 * request than small ones, and there is no size above the largest.
 */
@LearnerApi(allMembers = true)
public enum InstanceType {
    /** The base size: the fleet's base worker count, 1.0 per hour. */
    SMALL(1, 1.0),
    /** Twice the workers of a small one, 2.2 per hour. */
    LARGE(2, 2.2),
    /** Four times the workers of a small one, 4.8 per hour: the largest there is. */
    XLARGE(4, 4.8);

    private final int capacity;
    private final double hourlyPrice;

    InstanceType(int capacity, double hourlyPrice) {
        this.capacity = capacity;
        this.hourlyPrice = hourlyPrice;
    }

    /**
     * Returns how many times the workers of a small instance this size has.
     *
     * @return 1, 2 or 4
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns what one instance of this size costs per hour it exists, booting included.
     *
     * @return the price in units per hour
     */
    public double hourlyPrice() {
        return hourlyPrice;
    }

    /**
     * Returns the next size up, or this one if it is the largest.
     *
     * @return the bigger size
     */
    public InstanceType larger() {
        return this == XLARGE ? XLARGE : values()[ordinal() + 1];
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
