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
        from.lock().lock();
        to.lock().lock();
        try {
            SharedValue<Integer> source = from.balance();
            int balance = source.read();
            if (balance < request.amount()) {
                return TransferResult.INSUFFICIENT_FUNDS;
            }
            source.write(balance - request.amount());
            to.balance().write(to.balance().read() + request.amount());
            return TransferResult.DONE;
        } finally {
            to.lock().unlock();
            from.lock().unlock();
        }
    }
}
