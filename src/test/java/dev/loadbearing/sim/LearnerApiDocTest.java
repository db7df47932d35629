package dev.loadbearing.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadbearing.sim.engine.LearnerApi;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The learner API is declared once, by {@code @LearnerApi} in the code; the guide's table must
 * list exactly the marked types, and name every marked member.
 */
class LearnerApiDocTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/loadbearing/sim");

    private static String learnerSection() throws IOException {
        String doc = Files.readString(Path.of("docs/SIMULATION.md"));
        return doc.substring(doc.indexOf("## Learner API"), doc.indexOf("## Author API"));
    }

    private static List<Class<?>> libraryClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).sorted().toList()) {
                String name = "dev.loadbearing.sim." + SOURCES.relativize(file).toString()
                        .replace(".java", "").replace('/', '.');
                Class<?> top = Class.forName(name);
                classes.add(top);
                classes.addAll(List.of(top.getDeclaredClasses()));
            }
        }
        return classes;
    }

    private static String displayName(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName()
                : type.getEnclosingClass().getSimpleName() + "." + type.getSimpleName();
    }

    @Test
    void the_guide_lists_exactly_the_types_and_members_marked_as_learner_api() throws Exception {
        String section = learnerSection();
        TreeSet<String> marked = new TreeSet<>();
        TreeSet<String> unnamedMembers = new TreeSet<>();
        for (Class<?> type : libraryClasses()) {
            if (!type.isAnnotationPresent(LearnerApi.class)) {
                continue;
            }
            marked.add(displayName(type));
            List<Member> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
            members.addAll(List.of(type.getDeclaredFields()));
            for (Member member : members) {
                boolean isMarked = member instanceof Executable e ? e.isAnnotationPresent(LearnerApi.class)
                        : ((Field) member).isAnnotationPresent(LearnerApi.class);
                if (isMarked && !Pattern.compile("\\b" + Pattern.quote(member.getName()) + "\\b").matcher(section).find()) {
                    unnamedMembers.add(displayName(type) + "." + member.getName());
                }
            }
        }
        TreeSet<String> listed = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `\\w+` \\| ([^|]+) \\|").matcher(section);
        while (row.find()) {
            Matcher type = Pattern.compile("`([\\w.]+)`").matcher(row.group(1));
            while (type.find()) {
                listed.add(type.group(1));
            }
        }
        Matcher inText = Pattern.compile("`(Dns\\.Query|DnsRecord|Answer)`").matcher(section);
        while (inText.find()) {
            listed.add(inText.group(1));
        }
        assertEquals(marked, listed, "types marked @LearnerApi vs types in the guide's learner API table");
        assertEquals(new TreeSet<String>(), unnamedMembers, "members marked @LearnerApi that the guide does not name");
    }
}
