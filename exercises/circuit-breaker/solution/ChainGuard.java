import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.rpc.Call;
import dev.loadbearing.sim.rpc.RpcStatus;
import dev.loadbearing.sim.rpc.ServerCall;

/**
 * Runs inside service B. For each GetProfile call B serves, it asks service C for the user's
 * recommendations and answers with them, protecting B (and A behind it) from C:
 * <ul>
 * <li>every attempt has a short timeout, so a C that hangs holds one of B's workers for 50 ms,
 * not for A's whole deadline;</li>
 * <li>retries (after a jittered backoff) come out of a budget of a tenth of requests;</li>
 * <li>a circuit breaker watches the last 20 outcomes: when at least half failed it opens, and for
 * 500 ms every call fails fast without touching C; then probes go through one at a time
 * (half-open): three successes in a row close the breaker, one failure opens it again.</li>
 * </ul>
 */
public final class ChainGuard {
    static final long ATTEMPT_TIMEOUT = Time.ms(50);
    static final long BACKOFF = Time.ms(10);
    static final double RETRY_RATIO = 0.1;
    static final double BUDGET_CAP = 10;
    static final int WINDOW = 20;
    static final int MIN_CALLS = 10;
    static final double TRIP_SHARE = 0.5;
    static final long OPEN_FOR = Time.ms(500);
    static final int PROBES_TO_CLOSE = 3;

    private final RandomStream random;
    private double budget = BUDGET_CAP;
    private String state = "closed";
    private long openedAt;
    private long probeStartedAt = -1;
    private int probesPassed;
    private final boolean[] failed = new boolean[WINDOW];
    private int next;
    private int seen;
    private int failures;

    public ChainGuard(RandomStream random) {
        this.random = random;
    }

    /** Serves one GetProfile call: reply with C's answer, or fail (fast when C is known to be sick). */
    public void serve(ServerCall in) {
        budget = Math.min(BUDGET_CAP, budget + RETRY_RATIO);
        attempt(in);
    }

    /** The breaker's state now: "closed", "open" or "half-open". */
    public String state(long now) {
        if (state.equals("open") && now - openedAt >= OPEN_FOR) {
            return "half-open";
        }
        return state;
    }

    private void attempt(ServerCall in) {
        boolean probe = false;
        if (state.equals("open")) {
            if (in.now() - openedAt < OPEN_FOR) {
                in.fail(RpcStatus.UNAVAILABLE);                  // fail fast: C is sick, do not wait for it
                return;
            }
            state = "half-open";
            probesPassed = 0;
        }
        if (state.equals("half-open")) {
            // one probe at a time; a probe that never came back does not block the breaker for ever
            if (probeStartedAt >= 0 && in.now() - probeStartedAt < 2 * ATTEMPT_TIMEOUT) {
                in.fail(RpcStatus.UNAVAILABLE);
                return;
            }
            probe = true;
            probeStartedAt = in.now();
        }
        boolean isProbe = probe;
        in.call("c", "GetRecommendations", in.request(), 100, ATTEMPT_TIMEOUT, call -> {
            if (call.status() == RpcStatus.CANCELLED) {
                if (isProbe) {
                    probeStartedAt = -1;                         // the user left: free the probe slot for the next request
                }
                return;                                          // A gave up on this call: not C's fault
            }
            record(call, isProbe, in.now());
            if (call.isOk()) {
                in.reply(call.value(), 800);
            } else if (retryable(call.status()) && state.equals("closed") && budget >= 1
                    && in.timeLeft() > ATTEMPT_TIMEOUT + BACKOFF) {
                budget -= 1;
                in.after((long) (random.nextDouble() * BACKOFF), () -> attempt(in));
            } else {
                in.fail(RpcStatus.UNAVAILABLE);
            }
        });
    }

    private void record(Call call, boolean probe, long now) {
        if (probe) {
            probeStartedAt = -1;
            if (call.isOk() && ++probesPassed < PROBES_TO_CLOSE) {
                return;                                          // stay half-open: the next request probes again
            }
            if (call.isOk()) {
                state = "closed";
                seen = 0;
                failures = 0;
                next = 0;
                java.util.Arrays.fill(failed, false);
            } else {
                state = "open";
                openedAt = now;
            }
            return;
        }
        if (!state.equals("closed")) {
            return;                                              // a late answer from before the breaker opened
        }
        boolean bad = !call.isOk();
        if (seen == WINDOW && failed[next]) {
            failures--;
        }
        failed[next] = bad;
        if (bad) {
            failures++;
        }
        next = (next + 1) % WINDOW;
        seen = Math.min(WINDOW, seen + 1);
        if (seen >= MIN_CALLS && failures >= TRIP_SHARE * seen) {
            state = "open";
            openedAt = now;
        }
    }

    private static boolean retryable(RpcStatus status) {
        return status == RpcStatus.DEADLINE_EXCEEDED || status == RpcStatus.UNAVAILABLE;
    }
}
