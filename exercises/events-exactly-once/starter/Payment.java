/**
 * A payment as published on the "payments" topic: {@code "<id> <account> <cents>"}, such as
 * {@code "pay-17 acct-3 -250"} (250 cents out of acct-3). The message's key is the account, so
 * an account's payments share a partition and arrive in the order they were published.
 *
 * <p>The ledger keeps each account's balance, in cents, in the row {@link #balanceRow()}
 * ({@code "balance:acct-3"}); a row never written counts as 0. Other rows are yours to use.
 */
public record Payment(String id, String account, long cents) {

    /**
     * Reads a message body.
     *
     * @throws IllegalArgumentException when the body is not a payment; it never will be, however
     *         often it is delivered
     */
    public static Payment parse(String body) {
        String[] parts = body.split(" ");
        if (parts.length != 3 || !parts[0].startsWith("pay-") || !parts[1].startsWith("acct-")) {
            throw new IllegalArgumentException("not a payment: \"" + body + "\"");
        }
        try {
            return new Payment(parts[0], parts[1], Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a payment: \"" + body + "\" (the amount is not a whole number of cents)");
        }
    }

    /** The row that holds this payment's account balance. */
    public String balanceRow() {
        return "balance:" + account;
    }
}
