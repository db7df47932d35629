/** Where an order is in its life: a draft takes changes, a submitted order takes none. */
public enum OrderStatus {
    DRAFT, SUBMITTED
}
