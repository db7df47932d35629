import dev.loadbearing.sim.eventlog.Batch;
import dev.loadbearing.sim.eventlog.LogEvent;
import dev.loadbearing.sim.eventlog.Projector;
import dev.loadbearing.sim.eventlog.ReadModel;

/**
 * Keeps one CustomerSummary row per customer from the order events, exactly once although
 * delivery is at least once: the position of the last event applied is saved in the read model,
 * in the same batch as the rows it describes, so the two can never disagree. An event at or
 * before that position has been applied already (a duplicate, or a replay after a crash) and is
 * skipped; a new projector resumes from the saved position, not from its lost memory.
 */
public final class OrderSummaryProjector implements Projector<OrderEvent, CustomerSummary> {

    @Override
    public long resumeAfter(ReadModel<CustomerSummary> view) {
        return view.position();
    }

    @Override
    public void apply(Batch<OrderEvent> batch, ReadModel<CustomerSummary> view) {
        long applied = view.position();
        for (LogEvent<OrderEvent> event : batch.events()) {
            if (event.position() <= applied) {
                continue;                                   // already in the rows: a duplicate or a replay
            }
            OrderEvent e = event.value();
            CustomerSummary now = view.get(e.customer());   // sees this batch's own writes too
            view.put(e.customer(), next(now == null ? CustomerSummary.NONE : now, event.entity(), e));
            applied = event.position();
        }
        view.savePosition(applied);                         // commits with the rows, or not at all
    }

    /** The customer's row after one event of one of their orders. */
    static CustomerSummary next(CustomerSummary s, String order, OrderEvent e) {
        String activity = order + " " + e.type().name().toLowerCase();
        return switch (e.type()) {
            case PLACED -> new CustomerSummary(s.orders() + 1, s.open() + 1, s.spentCents(), activity);
            case PAID -> new CustomerSummary(s.orders(), s.open(), s.spentCents() + e.amountCents(), activity);
            case SHIPPED -> new CustomerSummary(s.orders(), s.open() - 1, s.spentCents(), activity);
            case CANCELLED -> new CustomerSummary(s.orders(), s.open() - 1, s.spentCents() - e.amountCents(), activity);
        };
    }
}
