package dev.loadbearing.sim.scale;

import dev.loadbearing.sim.engine.LearnerApi;
import java.util.Objects;

/**
 * What an {@link Autoscaler} decides after a window: keep the fleet as it is, change how many
 * instances it has, or change their size.
 *
 * @param kind what to do
 * @param instances for {@link Kind#TO}, how many instances the fleet should have
 * @param type for {@link Kind#RESIZE}, the size every instance should have
 */
@LearnerApi(allMembers = true)
public record Scaling(Kind kind, int instances, InstanceType type) {
    /** The three kinds of decision. */
    @LearnerApi(allMembers = true)
    public enum Kind {
        /** Change nothing. */
        HOLD,
        /** Horizontal: launch or terminate instances until the fleet has this many. */
        TO,
        /** Vertical: restart every instance, one at a time, as a different size. */
        RESIZE
    }

    /**
     * Checks the fields.
     *
     * @param kind what to do
     * @param instances how many instances, for {@link Kind#TO}
     * @param type the size, for {@link Kind#RESIZE}
     */
    public Scaling {
        Objects.requireNonNull(kind, "kind");
        if (instances < 0) {
            throw new IllegalArgumentException("a fleet cannot have " + instances + " instances");
        }
        if (kind == Kind.RESIZE) {
            Objects.requireNonNull(type, "resize needs an instance type");
        }
    }

    /**
     * Keep the fleet as it is.
     *
     * @return the decision
     */
    public static Scaling hold() {
        return new Scaling(Kind.HOLD, 0, null);
    }

    /**
     * Launch or terminate instances until the fleet has {@code instances}, counting those still
     * booting. New instances serve only after the fleet's boot delay; terminated ones stop
     * taking requests at once (booting ones go first, then the newest).
     *
     * @param instances how many, at least zero; more than the fleet's quota launches up to it
     * @return the decision
     */
    public static Scaling to(int instances) {
        return new Scaling(Kind.TO, instances, null);
    }

    /**
     * Restart every instance as another size, one at a time; each is out of service for the
     * fleet's restart delay, and new instances are launched at this size from now on.
     *
     * @param type the size
     * @return the decision
     */
    public static Scaling resize(InstanceType type) {
        return new Scaling(Kind.RESIZE, 0, type);
    }
}
