import dev.loadbearing.sim.eventlog.Batch;
import dev.loadbearing.sim.eventlog.LogEvent;
import dev.loadbearing.sim.eventlog.Projector;
import dev.loadbearing.sim.eventlog.ReadModel;

/**
 * Keeps one CustomerSummary row per customer from the order events.
 *
 * This first version is what most of us write first, and it is only right when every event is
 * delivered exactly once and the projector never crashes. Neither is true: delivery is at least
 * once (some events come twice), and a crash loses everything this object holds in its fields.
 */
public final class OrderSummaryProjector implements Projector<OrderEvent, CustomerSummary> {
    private long lastPosition;            // where we are: lost in a crash

    @Override
    public long resumeAfter(ReadModel<CustomerSummary> view) {
        return lastPosition;              // a new projector after a crash starts from 0 again
    }

    @Override
    public void apply(Batch<OrderEvent> batch, ReadModel<CustomerSummary> view) {
        for (LogEvent<OrderEvent> event : batch.events()) {
            OrderEvent e = event.value();
            CustomerSummary now = view.get(e.customer());
            if (now == null) {
                now = CustomerSummary.NONE;
            }
            view.put(e.customer(), next(now, event.entity(), e));
            lastPosition = event.position();
        }
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
