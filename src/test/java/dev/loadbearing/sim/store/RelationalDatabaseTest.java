package dev.loadbearing.sim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Time;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelationalDatabaseTest {
    private static final int ORDERS = 30_000;
    private static final int CUSTOMERS = 3_000;

    private RelationalDatabase db;
    private Table orders;
    private Table customers;

    @BeforeEach
    void load() {
        db = new RelationalDatabase();
        orders = db.createTable("orders", "id", "customer_id", "status", "created_at", "total");
        customers = db.createTable("customers", "id", "email", "country");
        Random random = new Random(1);
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.load(i, 1_000_000 + i * 7L, random.nextInt(20));
        }
        for (int i = 0; i < ORDERS; i++) {
            // customer 0 has 10% of the orders; the rest spread evenly
            long customer = i % 10 == 0 ? 0 : 1 + random.nextInt(CUSTOMERS - 1);
            orders.load(i, customer, random.nextInt(5), i * 1_000L, random.nextInt(10_000));
        }
    }

    private Query recentOf(long customer) {
        return Query.from("orders").whereEquals("customer_id", customer).orderedBy("created_at", true).limitTo(20);
    }

    @Test
    void without_an_index_every_query_is_a_full_scan_proportional_to_the_rows() {
        Plan plan = db.plan(Query.from("orders").whereEquals("customer_id", 5));
        assertEquals(Plan.Access.FULL_SCAN, plan.access());
        assertEquals(ORDERS, plan.rowsScanned());
        assertEquals(ORDERS * QueryCosts.DEFAULT.scanRow(), plan.cost());
        for (int i = 0; i < 10_000; i++) {
            orders.load(ORDERS + i, 5, 0, 0, 0);
        }
        Plan bigger = db.plan(Query.from("orders").whereEquals("customer_id", 5));
        assertEquals(40_000 * QueryCosts.DEFAULT.scanRow(), bigger.cost());
        assertTrue(plan.explain().contains("full scan of orders"), plan.explain());
    }

    @Test
    void an_index_lookup_costs_its_levels_plus_the_rows_it_fetches() {
        orders.createIndex("orders_customer", "customer_id");
        Plan plan = db.plan(Query.from("orders").whereEquals("customer_id", 5));
        assertEquals(Plan.Access.INDEX_SCAN, plan.access());
        assertEquals("orders_customer", plan.index().name());
        long matches = plan.rowsReturned();
        assertTrue(matches > 0 && matches < 30, "customer 5 has about 9 orders: " + matches);
        assertEquals(matches, plan.rowsFetched());
        int levels = QueryCosts.DEFAULT.levels(ORDERS);
        assertEquals(2, levels, "300 keys a page: 30,000 entries take 2 levels");
        assertEquals(levels * Time.ms(0.1) + matches * Time.ms(0.0005) + matches * Time.ms(0.1), plan.cost());
        assertTrue(plan.cost() < Time.ms(5) && plan.cost() * 10 < ORDERS * QueryCosts.DEFAULT.scanRow());
        assertTrue(plan.explain().contains("rejected: full scan"), plan.explain());
    }

    @Test
    void a_single_column_index_must_fetch_and_sort_every_match_for_order_by_limit() {
        orders.createIndex("orders_customer", "customer_id");
        Plan plan = db.plan(recentOf(0));
        // fetching 3,000 rows at random (300 ms) costs more than scanning 30,000 in order (30 ms): the planner scans
        assertEquals(Plan.Access.FULL_SCAN, plan.access(), plan.explain());
        assertEquals(3_000, plan.rowsSorted(), "customer 0 has 3,000 orders, all sorted to find the newest 20");
        assertEquals(20, plan.rowsReturned());
        // the planner stops costing the index path once it is dearer than the scan could be (30 ms + a sort of 30,000)
        assertTrue(plan.explain().contains("rejected: orders_customer (customer_id): = on customer_id; 2 levels, "
                + "abandoned after 741 entries read and 741 rows fetched: already dearer than another path (at least 74."),
                plan.explain());
        Plan light = db.plan(recentOf(5));
        assertEquals(Plan.Access.INDEX_SCAN, light.access(), "customer 5 has few orders: the index wins");
        assertEquals(light.rowsFetched(), light.rowsSorted());
    }

    @Test
    void a_composite_index_serves_the_equality_prefix_and_the_order_and_stops_at_the_limit() {
        orders.createIndex("orders_customer_created", "customer_id", "created_at");
        Plan plan = db.plan(recentOf(0));
        assertEquals(Plan.Access.INDEX_SCAN, plan.access());
        assertEquals(20, plan.entriesRead());
        assertEquals(20, plan.rowsFetched());
        assertEquals(0, plan.rowsSorted());
        assertTrue(plan.costMs() < 2.5, plan.explain());
        // newest first: the 20 highest created_at of customer 0 are ids 29,990, 29,980, ...
        assertEquals(29_990, orders.value(plan.result[0], "id"));
        assertEquals(29_800, orders.value(plan.result[19], "id"));
        assertTrue(plan.explain().contains("read in created_at order, stopped after 20"), plan.explain());
    }

    @Test
    void equality_then_range_uses_both_columns_and_a_reversed_index_filters_on_its_entries() {
        Query pending = Query.from("orders").whereEquals("status", 2).whereBetween("created_at", 1_000_000, 1_999_000);
        orders.createIndex("orders_status_created", "status", "created_at");
        Plan good = db.plan(pending);
        long matches = good.rowsReturned();
        assertEquals(matches, good.entriesRead(), "every entry read is a match");
        assertTrue(orders.dropIndex("orders_status_created"));
        orders.createIndex("orders_created_status", "created_at", "status");
        Plan reversed = db.plan(pending);
        assertEquals(1_000, reversed.entriesRead(), "the range on created_at selects 1,000 entries");
        assertEquals(matches, reversed.rowsFetched(), "status is tested on the entries, so only matches are fetched");
        assertTrue(reversed.cost() > good.cost());
        assertEquals(matches, reversed.rowsReturned());
    }

    @Test
    void a_covering_index_fetches_no_rows_and_select_star_is_never_covered() {
        orders.createIndex("orders_customer_created", List.of("customer_id", "created_at"), List.of("total"));
        Plan covered = db.plan(recentOf(0).selecting("created_at", "total"));
        assertEquals(Plan.Access.INDEX_ONLY_SCAN, covered.access());
        assertEquals(0, covered.rowsFetched());
        Plan star = db.plan(recentOf(0));
        assertEquals(Plan.Access.INDEX_SCAN, star.access());
        assertTrue(covered.cost() * 5 < star.cost(), covered.explain() + star.explain());
    }

    @Test
    void an_index_whose_first_column_is_not_used_is_not_usable_and_explain_says_so() {
        orders.createIndex("orders_status_created", "status", "created_at");
        Plan plan = db.plan(Query.from("orders").whereEquals("customer_id", 5));
        assertEquals(Plan.Access.FULL_SCAN, plan.access());
        assertTrue(plan.explain().contains("orders_status_created (status, created_at): not usable, its first column status"),
                plan.explain());
    }

    @Test
    void a_nested_loop_join_is_cheap_only_with_an_index_on_the_inner_join_column() {
        customers.createIndex("customers_email", "email");
        Query support = Query.from("customers").whereEquals("email", 1_000_000 + 5 * 7L).selecting("id")
                .joining("orders", "customer_id", "id", "id", "total");
        Plan without = db.plan(support);
        assertNull(without.innerIndex());
        assertEquals(ORDERS * QueryCosts.DEFAULT.scanRow(), without.cost() - db.plan(
                Query.from("customers").whereEquals("email", 1_000_035).selecting("id")).cost());
        orders.createIndex("orders_customer", "customer_id");
        Plan with = db.plan(support);
        assertEquals("orders_customer", with.innerIndex().name());
        assertEquals(without.rowsReturned(), with.rowsReturned(), "the same rows either way");
        assertTrue(with.cost() * 5 < without.cost(), with.explain());
        assertTrue(with.explain().contains("nested loop, 1 lookups of orders: using orders_customer"), with.explain());
    }

    @Test
    void every_secondary_index_adds_write_cost_and_bytes() {
        assertEquals(Time.ms(0.2), orders.insertCost());
        assertEquals(0, orders.indexBytes());
        orders.createIndex("a", "customer_id", "created_at");
        orders.createIndex("b", List.of("status"), List.of("total"));
        assertEquals(Time.ms(0.4), orders.insertCost());
        assertEquals(Time.ms(0.2), orders.extraWriteCost());
        assertEquals((long) ORDERS * (24 + 24), orders.indexBytes());
        assertEquals(Time.ms(0.3), orders.updateCost("total"), "only index b holds total");
        assertEquals(Time.ms(0.2), orders.updateCost("id"));
        long cost = orders.insert(ORDERS, 1, 1, 1, 1);
        assertEquals(Time.ms(0.4), cost);
        assertEquals(1, orders.inserts());
        assertEquals(ORDERS + 1, orders.rowCount());
        assertEquals(1, db.plan(Query.from("orders").whereEquals("customer_id", 1).whereEquals("created_at", 1))
                .rowsReturned(), "an insert is in the index at once");
    }

    @Test
    void mistakes_are_named() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> orders.createIndex("x", "customer"))
                .getMessage().contains("has no column customer"));
        orders.createIndex("x", "status");
        assertThrows(IllegalArgumentException.class, () -> orders.createIndex("x", "total"));
        assertThrows(IllegalArgumentException.class, () -> orders.createIndex("y", "total", "total"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> db.plan(Query.from("order")))
                .getMessage().contains("there is no table order"));
        assertEquals(20, customers.distinctValues("country"));
        assertEquals(CUSTOMERS, customers.distinctValues("email"));
        assertTrue(!orders.dropIndex("orders_pkey"), "the primary key stays");
    }

    @Test
    void the_same_inputs_give_the_same_plan() {
        orders.createIndex("orders_customer", "customer_id");
        String first = db.explain(recentOf(7));
        assertEquals(first, db.explain(recentOf(7)));
        assertEquals("SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at DESC LIMIT 20", recentOf(7).shape());
    }
}
