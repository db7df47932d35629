package dev.loadbearing.course;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON API of live simulations: {@code GET /api/simulations/{id}} declares a scenario's
 * parameters, {@code GET /api/simulations/{id}/run?name=value&seed=N} runs it (see docs/API.md).
 */
public final class SimulationController {
    private final Simulations simulations;

    public SimulationController(Simulations simulations) {
        this.simulations = simulations;
    }

    /** {@code GET /api/simulations/{id}}: title, question and declared parameters. */
    public void declaration(Context ctx) {
        simulations.simulation(ctx.pathParam("id")).ifPresentOrElse(s -> ctx.json(s),
                () -> notFound(ctx));
    }

    /** {@code GET /api/simulations/{id}/run}: one run, from the cache when the values repeat. */
    public void run(Context ctx) {
        String id = ctx.pathParam("id");
        if (simulations.simulation(id).isEmpty()) {
            notFound(ctx);
            return;
        }
        var sent = new LinkedHashMap<String, String>();
        ctx.queryParamMap().forEach((name, values) -> sent.put(name, values.get(values.size() - 1)));
        try {
            ctx.header("Cache-Control", "public, max-age=3600");
            ctx.json(simulations.run(id, sent));
        } catch (Simulations.BadParameter e) {
            ctx.header("Cache-Control", "no-store");
            ctx.status(400).json(Map.of("error", e.getMessage(), "parameter", e.parameter()));
        } catch (Simulations.RunFailed e) {
            ctx.header("Cache-Control", "no-store");
            ctx.status(503).json(Map.of("error", "the simulation could not finish: " + e.getMessage()));
        }
    }

    private void notFound(Context ctx) {
        ctx.status(404).json(Map.of("error", "no simulation '" + ctx.pathParam("id") + "'"));
    }
}
