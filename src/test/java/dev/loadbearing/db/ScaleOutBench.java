package dev.loadbearing.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The scale-out benchmark (bench/scale-out.sh): one node behind nginx and two nodes behind nginx,
 * each on its own PostgreSQL database on this machine, with the same learners submitting through
 * both in alternating rounds. Prints, per topology, acknowledged submissions per second, the p99 of
 * a Submit as the learner waited for it, and how many acknowledged results were lost (stored with
 * another verdict, or not at all) or left pending.
 *
 * <p>Arguments: learners (default 16), submissions per learner per round (default 6), rounds per
 * topology (default 3). Loopback only; the learners stay within their rate limit's burst.
 */
public final class ScaleOutBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXERCISE = "lb-round-robin";

    record Round(int acknowledged, double seconds, List<Long> latencies, int refused) {}

    public static void main(String[] args) throws Exception {
        int learners = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (learners < 1 || learners > 64 || perRound < 1 || perRound > 9 || rounds < 1 || rounds > 10) {
            throw new IllegalArgumentException("learners 1..64, submissions per round 1..9 (within the rate limit's burst), rounds 1..10");
        }
        Path dir = Files.createTempDirectory("scale-out-bench");
        String starter = Files.readString(Path.of("exercises", EXERCISE, "starter", "RoundRobin.java"));
        String solution = Files.readString(Path.of("exercises", EXERCISE, "solution", "RoundRobin.java"));
        try (Topology topology = new Topology()) {
            PostgresCluster postgres = PostgresCluster.shared();
            String oneDb = postgres.newDatabase();
            String twoDb = postgres.newDatabase();
            Topology.Node solo = topology.node("solo", oneDb, dir.resolve("solo"), 30);
            Topology.Node a = topology.node("pair-a", twoDb, dir.resolve("a"), 30);
            Topology.Node b = topology.node("pair-b", twoDb, dir.resolve("b"), 30);
            int oneFront = topology.nginx(dir.resolve("nginx-1"), solo.port());
            int twoFront = topology.nginx(dir.resolve("nginx-2"), a.port(), b.port());
            List<Topology.Learner> oneLearners = signUp(oneFront, learners, "one");
            List<Topology.Learner> twoLearners = signUp(twoFront, learners, "two");
            // One warm-up round each (JIT, class-data archives, connection pools), not counted.
            List<long[]> oneAcks = Collections.synchronizedList(new ArrayList<>());
            List<long[]> twoAcks = Collections.synchronizedList(new ArrayList<>());
            round(oneLearners, oneAcks, 1, -1, starter, solution);
            round(twoLearners, twoAcks, 1, -1, starter, solution);
            List<Round> one = new ArrayList<>();
            List<Round> two = new ArrayList<>();
            for (int r = 0; r < rounds; r++) { // alternating, so drift on a noisy machine hits both alike
                one.add(round(oneLearners, oneAcks, perRound, r, starter, solution));
                two.add(round(twoLearners, twoAcks, perRound, r, starter, solution));
                System.out.printf("round %d: one node %.1f/s, two nodes %.1f/s%n", r + 1, rate(one.get(r)), rate(two.get(r)));
            }
            long lostOne = lost(oneDb, oneAcks);
            long lostTwo = lost(twoDb, twoAcks);
            double rateOne = rate(one);
            double rateTwo = rate(two);
            System.out.printf("learners %d, %d submissions each per round, %d rounds per topology%n", learners, perRound, rounds);
            System.out.printf("scaleout_submissions_per_second one_node=%.2f two_nodes=%.2f ratio=%.2f%n", rateOne, rateTwo, rateTwo / rateOne);
            System.out.printf("scaleout_p99_ms one_node=%d two_nodes=%d%n", p99(one), p99(two));
            System.out.printf("scaleout_lost one_node=%d two_nodes=%d%n", lostOne, lostTwo);
        }
    }

    private static List<Topology.Learner> signUp(int port, int count, String prefix) throws Exception {
        List<Topology.Learner> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(Topology.Learner.signUp(port, prefix + "-" + i + "@example.org"));
        }
        return list;
    }

    /** Every learner submits {@code count} times, all learners at once; returns what they saw. */
    private static Round round(List<Topology.Learner> learners, List<long[]> acks, int count, int round, String starter, String solution)
            throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        int[] refused = new int[1];
        ExecutorService pool = Executors.newFixedThreadPool(learners.size());
        long start = System.nanoTime();
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (Topology.Learner learner : learners) {
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < count; i++) {
                        String code = (i % 2 == 0 ? solution : starter) + "\n// " + learner.email + " round " + round + " #" + i + "\n";
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> response = learner.submit(code, EXERCISE, "RoundRobin.java");
                            if (response.statusCode() == 200) {
                                latencies.add((System.nanoTime() - sent) / 1_000_000);
                                JsonNode body = JSON.readTree(response.body());
                                acks.add(new long[] {body.get("submission_id").asLong(), body.get("score").asLong()});
                            } else {
                                synchronized (refused) {
                                    refused[0]++;
                                }
                            }
                        } catch (Exception e) {
                            synchronized (refused) {
                                refused[0]++;
                            }
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdownNow();
        }
        return new Round(latencies.size(), (System.nanoTime() - start) / 1e9, latencies, refused[0]);
    }

    private static double rate(Round round) {
        return round.acknowledged() / round.seconds();
    }

    private static double rate(List<Round> rounds) {
        return rounds.stream().mapToInt(Round::acknowledged).sum() / rounds.stream().mapToDouble(Round::seconds).sum();
    }

    private static long p99(List<Round> rounds) {
        List<Long> all = rounds.stream().flatMap(r -> r.latencies().stream()).sorted().collect(Collectors.toList());
        return all.isEmpty() ? -1 : all.get(Math.min(all.size() - 1, (int) Math.ceil(all.size() * 0.99) - 1));
    }

    /** Acknowledged results not stored with the score the learner was shown, plus submissions still pending. */
    private static long lost(String url, List<long[]> acks) throws InterruptedException {
        try (Database database = Database.open(url, 1)) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            int pending;
            while ((pending = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM submission WHERE status = 'pending'")
                    .mapTo(Integer.class).one())) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Map<Long, Integer> scores = database.jdbi().withHandle(h -> h.createQuery("SELECT id, score FROM submission")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getInt(2))).list()).stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            long lost = pending;
            synchronized (acks) {
                for (long[] ack : acks) {
                    Integer stored = scores.get(ack[0]);
                    if (stored == null || stored != ack[1]) {
                        lost++;
                    }
                }
            }
            return lost;
        }
    }
}
