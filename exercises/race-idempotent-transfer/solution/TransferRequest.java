/**
 * A request to move {@code amount} euros from account {@code from} to account {@code to}. The
 * client makes {@code id} once, when the customer asks, and sends the same id with every retry.
 */
public record TransferRequest(String id, String from, String to, int amount) {
}
