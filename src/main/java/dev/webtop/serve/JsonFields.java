package dev.webtop.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** A JSON body and its text fields, as the endpoints read them: anything amiss is a 400 naming it. */
final class JsonFields {
    static final int LONGEST_TEXT = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFields() {
    }

    static JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw HttpError.badRequest("malformed JSON: " + String.valueOf(e.getMessage()).split("\n", 2)[0]);
        }
    }

    /** A string field; absent, null or empty is null, or a 400 when `required`. */
    static String text(JsonNode object, String field, boolean required) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull() || value.isTextual() && value.textValue().isEmpty()) {
            if (required) {
                throw HttpError.badRequest("'" + field + "' is required");
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().length() > LONGEST_TEXT
            || value.textValue().chars().anyMatch(Character::isISOControl)) {
            throw HttpError.badRequest("'" + field + "' must be a string of at most " + LONGEST_TEXT
                + " characters without control characters");
        }
        return value.textValue();
    }
}
