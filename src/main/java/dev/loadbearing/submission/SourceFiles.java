package dev.loadbearing.submission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code "files"} object a page sends: file names to source text. */
public final class SourceFiles {
    private SourceFiles() {}

    /** The files, in the order sent, or null when {@code files} is not a non-empty object of strings. */
    public static Map<String, String> fromJson(JsonNode files) {
        if (files == null || !files.isObject() || files.isEmpty()) {
            return null;
        }
        var result = new LinkedHashMap<String, String>();
        var fields = files.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getValue().isTextual()) {
                return null;
            }
            result.put(field.getKey(), field.getValue().asText());
        }
        return result;
    }
}
