package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import org.backcare.profile.WireName;

/**
 * Writes plans as the JSON of {@code PLAN.md}: fields in the documented order, enum values in kebab case, and the
 * same bytes for the same plan. Thread-safe.
 */
public final class PlanWriter {
    private final ObjectWriter pretty;
    private final ObjectWriter compact;
    private final ObjectWriter briefPretty;
    private final ObjectWriter briefCompact;

    /**
     * A recommendation in a brief plan ({@code --detail compact}): what the plan says of it (id, rank, the rules that
     * made it, because and why, the evidence ids) without what every plan says alike (category, title, advice text,
     * priority), which the run writes once beside the plans.
     */
    @JsonIgnoreProperties({"category", "title", "advice", "priority"})
    private interface BriefRecommendation {
    }

    public PlanWriter() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(WireName.jacksonModule())
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        // for the type Plan: the writer finds its serialisers now, not at the first plan
        pretty = mapper.writerFor(Plan.class).with(printer);
        compact = mapper.writerFor(Plan.class);
        ObjectMapper brief = mapper.copy().addMixIn(Recommendation.class, BriefRecommendation.class);
        briefPretty = brief.writer(printer);
        briefCompact = brief.writer();
    }

    /** The plan as indented JSON, ending without a newline. */
    public String toJson(Plan plan) {
        return write(pretty, plan);
    }

    /** The plan as JSON on one line (for JSON Lines output). */
    public String toJsonLine(Plan plan) {
        return write(compact, plan);
    }

    /** As {@link #toJson}, in UTF-8 bytes: for files, with no string made on the way. */
    public byte[] toJsonBytes(Plan plan) {
        return bytes(pretty, plan);
    }

    /** As {@link #toJsonLine}, in UTF-8 bytes: for JSON Lines files, with no string made on the way. */
    public byte[] toJsonLineBytes(Plan plan) {
        return bytes(compact, plan);
    }

    /**
     * The plan in UTF-8 bytes, indented ({@code oneLine} false) or on one line, each recommendation in full or, when
     * {@code brief}, as its id, rank, rule (and rules), because, why and evidence ids only.
     */
    public byte[] toBytes(Plan plan, boolean oneLine, boolean brief) {
        return bytes(brief ? (oneLine ? briefCompact : briefPretty) : (oneLine ? compact : pretty), plan);
    }

    private static byte[] bytes(ObjectWriter writer, Plan plan) {
        try {
            return writer.writeValueAsBytes(plan);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a plan could not be written as JSON", e);
        }
    }

    private static String write(ObjectWriter writer, Plan plan) {
        try {
            return writer.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a plan could not be written as JSON", e);
        }
    }
}
