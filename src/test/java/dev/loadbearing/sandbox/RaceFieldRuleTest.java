package dev.loadbearing.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.engine.JupiterTestEngine;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The race exercises' field rule: through the policy alone, and end to end through a job of a
 * {@code model: race} exercise run in this JVM (the worker's code, without the OS sandbox).
 */
class RaceFieldRuleTest {

    /** The world, as an exercise's starter would give it (checked like learner code). */
    private static final String BANK = """
            import dev.loadbearing.sim.race.Shared;
            import dev.loadbearing.sim.race.SharedValue;
            import dev.loadbearing.sim.race.Tally;
            import java.util.List;

            public final class Bank {
                public static final int OPENING_BALANCE = 100;
                public final SharedValue<Integer> balance;
                public final SharedValue<Boolean> locked;
                public final Tally dispensed;
                public final List<Integer> amounts = List.of(50, 80);

                public Bank(Shared shared) {
                    balance = shared.value("balance", OPENING_BALANCE);
                    locked = shared.value("locked", false);
                    dispensed = shared.tally("dispensed");
                }
            }
            """;

    /** A spin lock on a static boolean: atomic memory the explorer cannot see. */
    private static final String SPIN_ON_STATIC = """
            public final class Atm {
                static boolean locked;

                public static void withdraw(Bank bank, int amount) {
                    while (locked) {
                        // wait for the other ATM
                    }
                    locked = true;
                    int seen = bank.balance.read();
                    if (seen >= amount) {
                        bank.balance.write(seen - amount);
                        bank.dispensed.add(amount);
                    }
                    locked = false;
                }
            }
            """;

    /** The same spin lock on a SharedValue, with an enum, a record and final configuration. */
    private static final String SPIN_ON_SHARED_VALUE = """
            public final class Atm {
                private static final String NAME = "atm";
                enum Outcome { DISPENSED, REFUSED }
                record Receipt(Outcome outcome, int amount) {}

                public static void withdraw(Bank bank, int amount) {
                    while (!bank.locked.compareAndSet(false, true)) {
                        // every failed attempt is a step: the other ATM gets to move
                    }
                    Receipt receipt;
                    try {
                        int seen = bank.balance.read();
                        if (seen >= amount) {
                            bank.balance.write(seen - amount);
                            bank.dispensed.add(amount);
                            receipt = new Receipt(Outcome.DISPENSED, amount);
                        } else {
                            receipt = new Receipt(Outcome.REFUSED, 0);
                        }
                    } finally {
                        bank.locked.write(false);
                    }
                    switch (receipt.outcome()) {
                        case DISPENSED -> System.out.print("");
                        default -> { }
                    }
                }
            }
            """;

    private static final String TEST = """
            import static org.junit.jupiter.api.Assertions.assertTrue;

            import dev.loadbearing.sim.race.Exploration;
            import dev.loadbearing.sim.race.Race;
            import org.junit.jupiter.api.Test;

            class AtmTest {
                @Test
                void two_atms_never_overdraw_and_lose_no_money() {
                    Race<Bank> race = Race.of(Bank::new)
                            .process("ATM-1", bank -> Atm.withdraw(bank, bank.amounts.get(0)))
                            .process("ATM-2", bank -> Atm.withdraw(bank, bank.amounts.get(1)))
                            .invariant("balance never negative", bank -> bank.balance.peek() >= 0)
                            .atEnd("money is conserved", bank -> bank.balance.peek() + bank.dispensed.total() == 100)
                            .maxSteps(200);
                    Exploration result = race.exploreSeeds(0, 300);
                    assertTrue(result.passed(), result.toString());
                }
            }
            """;

    private static List<String> violations(boolean race, Map<String, String> sources) {
        InMemoryCompiler.Output out = new InMemoryCompiler().compile(sources, Map.of());
        assertEquals(List.of(), out.errors());
        var internal = new java.util.HashMap<String, byte[]>();
        out.classes().forEach((name, bytes) -> internal.put(name.replace('.', '/'), bytes));
        BytecodePolicy policy = new BytecodePolicy(internal, sources);
        if (race) {
            policy.refuseSharedFields();
        }
        new TreeMap<>(out.classes()).values().forEach(policy::check);
        return policy.violations().stream().map(BytecodePolicy.Violation::toString).toList();
    }

    private static List<String> raceViolations(String atm) {
        return violations(true, Map.of("Bank.java", BANK, "Atm.java", atm));
    }

    @Test
    void a_spin_lock_on_a_static_boolean_is_refused_with_the_teaching_message() {
        assertEquals(List.of("Atm.java:2: the static field \"static boolean locked\" is shared by every process without"
                + " the explorer seeing it: in a race exercise, memory the processes share must be a SharedValue"
                + " (shared.value(\"name\", initial) in the world), so that every read and write is a step the explorer"
                + " can interleave; keep per-call data in local variables"), raceViolations(SPIN_ON_STATIC));
    }

    @Test
    void outside_a_race_exercise_the_same_field_is_refused_by_the_rule_for_static_state_every_exercise_has() {
        List<String> found = violations(false, Map.of("Bank.java", BANK, "Atm.java", SPIN_ON_STATIC));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("Atm.java:2: the static field \"static boolean locked\" is not final: a static field"
                + " outlives the instance each test makes"), found.get(0));
    }

    @Test
    void a_spin_lock_on_a_shared_value_with_final_configuration_an_enum_and_a_record_is_accepted() {
        assertEquals(List.of(), raceViolations(SPIN_ON_SHARED_VALUE));
    }

    @Test
    void fields_that_hold_changing_state_are_refused_each_with_its_line() {
        List<String> found = raceViolations("""
                import java.util.HashSet;
                import java.util.List;
                import java.util.Set;
                import java.util.concurrent.ConcurrentHashMap;

                public final class Atm {
                    private int withdrawals;
                    static final Set<String> DONE = new HashSet<>();
                    final int[] perAtm = new int[3];
                    static final ConcurrentHashMap<String, Integer> SEEN = new ConcurrentHashMap<>();
                    private final List<String> log = new java.util.ArrayList<>(List.of("start"));

                    public static void withdraw(Bank bank, int amount) {
                        int seen = bank.balance.read();
                    }
                }
                """);

        assertEquals(5, found.size(), found::toString);
        assertEquals("Atm.java:7: the field \"int withdrawals\" can change while processes run, outside the explorer's"
                + " steps: make it final; in a race exercise, memory the processes share must be a SharedValue"
                + " (shared.value(\"name\", initial) in the world) or, for a total such as the cash dispensed, a Tally,"
                + " so that every read and write is a step the explorer can interleave; keep per-call data in local"
                + " variables", found.get(0));
        assertTrue(found.get(1).startsWith("Atm.java:9: the field \"final int[] perAtm\" holds an array"), found.get(1));
        assertTrue(found.get(2).startsWith("Atm.java:10: the field \"static final ConcurrentHashMap SEEN\" holds a"
                + " ConcurrentHashMap, which processes could change without a step"), found.get(2));
        assertTrue(found.stream().anyMatch(v -> v.startsWith("Atm.java:8: the field \"DONE\" is set to a new HashSet")),
                found::toString);
        assertTrue(found.stream().anyMatch(v -> v.startsWith("Atm.java:11: the field \"log\" is set to a new ArrayList")),
                found::toString);
    }

    @Test
    void a_job_of_a_race_exercise_refuses_the_static_spin_lock_and_passes_the_shared_value_one() throws IOException {
        JsonNode refused = done(run(job(SPIN_ON_STATIC, "race")));
        assertEquals("rejected", refused.path("status").asText(), refused::toString);
        assertEquals("Atm.java", refused.path("violations").get(0).path("file").asText());
        assertEquals(2, refused.path("violations").get(0).path("line").asInt());
        assertTrue(refused.path("violations").get(0).path("message").asText().contains("must be a SharedValue"), refused::toString);

        List<JsonNode> accepted = run(job(SPIN_ON_SHARED_VALUE, "race"));
        assertEquals("completed", done(accepted).path("status").asText(), accepted::toString);
        assertEquals(List.of("passed"), accepted.stream().filter(f -> f.path("type").asText().equals("test"))
                .map(f -> f.path("status").asText()).toList(), accepted::toString);
    }

    @Test
    void a_job_carries_its_model_to_the_worker() throws IOException {
        Job job = job(SPIN_ON_STATIC, "race");
        var bytes = new ByteArrayOutputStream();
        job.write(new DataOutputStream(bytes));

        Job read = Job.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertEquals("race", read.model());
        assertEquals(job, read);
        assertEquals("sim", new Job("n", Map.of(), Map.of(), job.limits()).model());
    }

    private static Job job(String atm, String model) {
        return new Job(UUID.randomUUID().toString(), Map.of("Bank.java", BANK, "Atm.java", atm),
                Map.of("AtmTest.java", TEST), new Job.Limits(5_000, 20_000, 8192, 65536), model);
    }

    private static List<JsonNode> run(Job job) throws IOException {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestEngineAutoRegistration(false)
                .addTestEngines(new JupiterTestEngine()).build());
        var out = new ByteArrayOutputStream();
        Frames frames = new Frames(out);
        frames.nonce(job.nonce());
        new JobRunner(job, frames, new OutputRouter(), launcher, new InMemoryCompiler()).run();
        var in = new DataInputStream(new ByteArrayInputStream(out.toByteArray()));
        var list = new ArrayList<JsonNode>();
        ObjectMapper json = new ObjectMapper();
        while (in.available() > 0) {
            list.add(json.readTree(in.readNBytes(in.readInt())));
        }
        return list;
    }

    private static JsonNode done(List<JsonNode> frames) {
        return frames.stream().filter(f -> f.path("type").asText().equals("done")).findFirst().orElseThrow();
    }
}
