package dev.loadbearing.sim.engine;


/**
 * What an event does when its time comes, given the event's subject. Models schedule a shared
 * {@code Action} with a different subject each time (a request, a message) so that scheduling
 * allocates nothing beyond the subject itself; everyone else can use {@link Runnable} with
 * {@link Sim#after(long, String, Runnable)}.
 *
 * @param <T> the type of the subject the action works on
 */
@FunctionalInterface
public interface Action<T> {
    /**
     * Runs the event.
     *
     * @param subject the subject given when the event was scheduled
     */
    void run(T subject);
}
