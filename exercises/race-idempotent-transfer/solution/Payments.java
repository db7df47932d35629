import dev.loadbearing.sim.race.Mutex;
import dev.loadbearing.sim.race.SharedValue;

/** The payment service's transfer handler. */
public final class Payments {

    /**
     * Moves the request's amount between its two accounts if the source covers it, and answers.
     *
     * <p>The same request may arrive more than once: the client timed out, did not know whether
     * the first attempt went through, and sent it again with the same id, and the first attempt
     * may still be running when the retry arrives. Every delivery of one request must move the
     * money at most once in total and get the same answer. Transfers in opposite directions
     * (A to B and B to A) run at the same time and must never wait for each other for ever.
     */
    public static TransferResult transfer(Ledger ledger, TransferRequest request) {
        Ledger.Account from = ledger.account(request.from());
        Ledger.Account to = ledger.account(request.to());
        // One global order for every transfer: lower account id first, whatever the direction.
        Mutex first = from.id().compareTo(to.id()) < 0 ? from.lock() : to.lock();
        Mutex second = first == from.lock() ? to.lock() : from.lock();
        first.lock();
        second.lock();
        try {
            // Checked under the locks: a retry that overtakes the original waits for it here.
            SharedValue<TransferResult> log = ledger.requestLog(request.id());
            TransferResult earlier = log.read();
            if (earlier != null) {
                return earlier;                       // a repeat: answer as the first time, move nothing
            }
            SharedValue<Integer> source = from.balance();
            int balance = source.read();
            TransferResult result;
            if (balance < request.amount()) {
                result = TransferResult.INSUFFICIENT_FUNDS;
            } else {
                source.write(balance - request.amount());
                to.balance().write(to.balance().read() + request.amount());
                result = TransferResult.DONE;
            }
            log.write(result);                        // recorded with the effect, under the same locks
            return result;
        } finally {
            second.unlock();
            first.unlock();
        }
    }
}
