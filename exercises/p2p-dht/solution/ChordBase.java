import dev.loadbearing.sim.node.Node;
import java.util.List;
import java.util.function.Function;

/**
 * A node of the Chord ring (read-only). Its routing table is kept up to date by the ring's
 * stabilisation, which runs every 500 ms or so: until then, entries may name nodes that have
 * failed, and miss nodes that have joined. Nodes know nothing else about the ring: peers() is
 * empty, and a node may forward a Lookup only to a node in its table.
 */
public abstract class ChordBase extends Node {
    private Function<ChordBase, List<List<String>>> stabiliser;
    private List<String> successors;
    private List<String> fingers;

    /**
     * This node's identifier on the ring.
     *
     * @return Chord.id(id())
     */
    protected final long self() {
        return Chord.id(id());
    }

    /**
     * The next 4 nodes clockwise, nearest first, as of the last stabilisation.
     *
     * @return the successor list
     */
    protected final List<String> successors() {
        if (successors == null) {
            refresh();
        }
        return successors;
    }

    /**
     * The 32 fingers as of the last stabilisation: entry i is the successor of self() + 2^i.
     *
     * @return the finger table, nearest first
     */
    protected final List<String> fingers() {
        if (fingers == null) {
            refresh();
        }
        return fingers;
    }

    /**
     * The tests' stabilisation sets where a table comes from (once).
     *
     * @param source gives [successors, fingers] for a node
     */
    public final void stabilisedBy(Function<ChordBase, List<List<String>>> source) {
        if (stabiliser == null) {
            stabiliser = source;
        }
    }

    /** Stabilisation has run: the tests call it. */
    public final void refresh() {
        List<List<String>> table = stabiliser.apply(this);
        successors = List.copyOf(table.get(0));
        fingers = List.copyOf(table.get(1));
    }
}
