package dev.loadbearing.sim.workload;

import dev.loadbearing.sim.engine.Action;
import dev.loadbearing.sim.engine.Distribution;
import dev.loadbearing.sim.engine.RandomStream;
import dev.loadbearing.sim.server.Client;
import dev.loadbearing.sim.server.Request;
import java.util.Objects;

/**
 * A closed-loop workload: a fixed number of users, each sending a request, waiting for its
 * outcome, thinking, and sending the next. Throughput then follows Little's law:
 * users / (think time + response time). Created with
 * {@link Workload#closedLoop(int, Distribution)}; user {@code i} is client {@code i}.
 */
public final class ClosedLoop extends Workload {
    private final int users;
    private final Distribution thinkTime;
    private final Action<Client> sendAgain = this::sendIfAllowed;
    private RandomStream think;
    private String thinkLabel;

    ClosedLoop(int users, Distribution thinkTime) {
        if (users < 1) {
            throw new IllegalArgumentException("a closed loop needs at least one user");
        }
        this.users = users;
        this.thinkTime = Objects.requireNonNull(thinkTime, "thinkTime");
    }

    /**
     * Returns the number of users.
     *
     * @return users
     */
    public int users() {
        return users;
    }

    @Override
    int clientCountForStart() {
        return users;
    }

    /** Every user thinks once before the first request, so they do not all start together. */
    @Override
    void begin() {
        think = sim.random(name() + "/think");
        thinkLabel = name() + " user sends";
        for (int i = 0; i < users; i++) {
            sim.schedule(sim.now() + thinkTime.sampleNanos(think), thinkLabel, sendAgain,
                    client(i));
        }
    }

    @Override
    void afterOutcome(Request request) {
        if (canSend()) {
            sim.schedule(sim.now() + thinkTime.sampleNanos(think), thinkLabel, sendAgain,
                    request.client());
        }
    }

    private void sendIfAllowed(Client client) {
        if (canSend()) {
            send(client);
        }
    }
}
