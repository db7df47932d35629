/** Timers for the saga: run an action after a delay of virtual time. */
public interface Timers {

    /**
     * @param delay nanoseconds from now ({@code Time.seconds(2)})
     * @param action what to do then
     */
    void after(long delay, Runnable action);
}
