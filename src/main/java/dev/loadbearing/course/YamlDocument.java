package dev.loadbearing.course;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read as a tree that still knows where each value stands in its file, so a
 * problem with any key or list item can be reported as {@code file:line: message}.
 */
public final class YamlDocument {
    private static final YAMLMapper YAML = new YAMLMapper();

    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final int firstLine;

    private YamlDocument(JsonNode root, Map<String, Integer> lines, int firstLine) {
        this.root = root;
        this.lines = lines;
        this.firstLine = firstLine;
    }

    /**
     * Parses YAML text.
     *
     * @param firstLine the file's line number of the text's first line (2 for front matter after {@code ---})
     * @throws Invalid with the file line of a syntax error
     */
    public static YamlDocument parse(String text, int firstLine) throws Invalid {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? firstLine : e.getLocation().getLineNr() + firstLine - 1;
            throw new Invalid(line, "not valid YAML: " + firstLine(e.getOriginalMessage()));
        }
        return new YamlDocument(root == null ? YAML.createObjectNode() : root, lines(text, firstLine), firstLine);
    }

    public JsonNode root() {
        return root;
    }

    /** The file line where the value at this JSON pointer ({@code /questions/2/choices}) starts, or the nearest parent's. */
    public int line(String pointer) {
        for (JsonPointer p = JsonPointer.compile(pointer); p != null; p = p.head()) {
            Integer line = lines.get(p.toString());
            if (line != null) {
                return line;
            }
        }
        return firstLine;
    }

    /** The file line of the value at this pointer, or {@code fallback} when the document has no such value. */
    public int line(String pointer, int fallback) {
        return lines.getOrDefault(pointer, fallback);
    }

    private static Map<String, Integer> lines(String text, int firstLine) {
        var lines = new HashMap<String, Integer>();
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructEnd()) {
                    continue;
                }
                // A key's line stands for its value too: "choices:" rather than the first "- ".
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr() + firstLine - 1);
            }
        } catch (IOException e) {
            // readTree already reported the syntax error; keep the lines found so far.
        }
        return lines;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** YAML that cannot be parsed, with the file line of the error. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        Invalid(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }
}
