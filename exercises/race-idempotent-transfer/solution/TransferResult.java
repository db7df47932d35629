/** What the payment service answers to a transfer request. */
public enum TransferResult {
    /** The money moved. */
    DONE,
    /** The source account could not cover the amount; nothing moved. */
    INSUFFICIENT_FUNDS
}
