import dev.loadbearing.sim.race.SharedValue;

/** The bank's side of a cash withdrawal at an ATM. */
public final class Atm {

    /**
     * Takes {@code amount} out of the account if its balance covers it, and says whether it did.
     * On true the ATM hands out the cash; on false it shows "insufficient funds", and the balance
     * must not change.
     *
     * <p>Several ATMs call this at the same time, on the same accounts and on different ones. No
     * balance may ever go below zero, every euro handed out must have left an account, and a
     * withdrawal may be refused only when the balance really cannot cover it.
     */
    public static boolean withdraw(Bank bank, String accountId, int amount) {
        SharedValue<Integer> balance = bank.account(accountId).balance();
        int seen = balance.read();
        if (seen < amount) {
            return false;
        }
        // Another ATM may have changed the balance since we read it.
        balance.write(seen - amount);
        return true;
    }
}
