package dev.webtop.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.webtop.base.WebtopException;
import dev.webtop.config.DbTarget;
import dev.webtop.config.DomainNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page-views batch format, {"example.com/page": {"2025-07-16T10:00:00Z": 5}}, as a page-views
 * service takes it: read and checked whole before anything is written (a bad key is exit 2,
 * naming it), then written in one transaction, each view a row of its own at its time.
 */
public final class PageViewBatch {
    private static final Pattern PAGE = Pattern.compile("(" + DomainNames.REGEX + ")(/[^\\s\\p{Cntrl}]*)?");
    private static final int SLICE = 20_000;

    private record Views(byte[] domain, byte[] path, long epochMicros, long count) {
    }

    private final List<Views> views;
    private final int pages;
    private final long total;

    private PageViewBatch(List<Views> views, int pages) {
        this.views = views;
        this.pages = pages;
        this.total = views.stream().mapToLong(Views::count).reduce(0, (a, b) -> a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b);
    }

    public static PageViewBatch read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw WebtopException.badInput("cannot read " + file + ": " + e.getMessage());
        }
    }

    public static PageViewBatch read(InputStream in, String name) {
        JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        List<Views> views = new ArrayList<>();
        int pages = 0;
        try (JsonParser parser = factory.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw bad(name, "expected an object of pages, like {\"example.com/page\": {\"2025-07-16T10:00:00Z\": 5}}");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String page = parser.currentName();
                Matcher m = page(name, page);
                byte[] domain = LogBatch.utf8(m.group(1));
                byte[] path = LogBatch.utf8(m.group(2) == null ? "/" : m.group(2));
                pages++;
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw bad(name, "page '" + page + "': expected an object of times and counts, like {\"2025-07-16T10:00:00Z\": 5}");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String time = parser.currentName();
                    Instant at = time(name, page, time);
                    JsonToken value = parser.nextToken();
                    if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        || parser.getLongValue() < 0) {
                        throw bad(name, "page '" + page + "', time '" + time + "': the count must be a whole number "
                            + "of 0 or more, not " + parser.getText());
                    }
                    views.add(new Views(domain, path, LogBatch.micros(at),
                        parser.getLongValue()));
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw bad(name, "expected the end of the object of pages");
            }
        } catch (JsonParseException e) {
            throw bad(name, "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw WebtopException.badInput("cannot read " + name + ": " + e.getMessage());
        }
        return new PageViewBatch(views, pages);
    }

    /**
     * One page view, as a page-views service's single endpoint takes it ({"page", "timestamp"}),
     * with the same checks and messages as a batch.
     */
    public static PageViewBatch single(String page, String time, String name) {
        Matcher m = page(name, page);
        Instant at = time(name, page, time);
        Views view = new Views(LogBatch.utf8(m.group(1)), LogBatch.utf8(m.group(2) == null ? "/" : m.group(2)),
            LogBatch.micros(at), 1);
        return new PageViewBatch(List.of(view), 1);
    }

    private static Matcher page(String name, String page) {
        Matcher m = PAGE.matcher(page);
        if (!m.matches()) {
            throw bad(name, "page '" + page + "' is not domain/path, like example.com/page");
        }
        return m;
    }

    private static Instant time(String name, String page, String time) {
        Instant at;
        try {
            at = OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw bad(name, "page '" + page + "': '" + time + "' is not a time with a zone, like 2025-07-16T10:00:00Z");
        }
        if (!LogBatch.storable(at)) {
            throw bad(name, "page '" + page + "': '" + time + "' is outside the years 1970 to 9999");
        }
        return at;
    }

    private static WebtopException bad(String name, String what) {
        return WebtopException.badInput(name + ": " + what);
    }

    public int pages() {
        return pages;
    }

    /** The views in all: the rows the batch becomes. */
    public long views() {
        return total;
    }

    /** Adds every view as a row of its own to a batch being written (keep views() in mind). */
    public void addTo(LogBatch batch) {
        for (Views v : views) {
            for (long i = 0; i < v.count(); i++) {
                batch.add(v.epochMicros(), v.domain(), v.path());
            }
        }
    }

    /** Writes every view in one transaction; returns the rows written. */
    public long write(DbTarget target) {
        long rows = 0;
        try (TrafficWriter writer = new TrafficWriter(target)) {
            LogBatch batch = new LogBatch(Source.CLIENT, SLICE);
            for (Views v : views) {
                for (long i = 0; i < v.count(); i++) {
                    batch.add(v.epochMicros(), v.domain(), v.path());
                    if (batch.size == SLICE) {
                        rows += writer.append(LogSlice.all(batch));
                        batch = new LogBatch(Source.CLIENT, SLICE);
                    }
                }
            }
            if (batch.size > 0) {
                rows += writer.append(LogSlice.all(batch));
            }
            writer.commit();
        }
        return rows;
    }
}
