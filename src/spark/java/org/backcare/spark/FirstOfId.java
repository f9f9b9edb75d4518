package org.backcare.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.backcare.io.FailureReasons;

/**
 * Plans profiles that share ids as batch does: the first of an id in input order that is planned keeps its plan, a
 * later one that is planned fails as its duplicate, and one whose planning failed keeps its own failure (so when the
 * rules fail on the first profile of an id, the next one is planned). The rows come grouped by id, each id's in
 * input order ({@link ProfileRows#SCHEMA}); the outcomes are {@link PlanPartition}'s, in the same order.
 */
final class FirstOfId implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlanPartition planning;

    FirstOfId(PlanPartition planning) {
        this.planning = planning;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> profilesById) {
        Iterator<Row> outcomes = planning.call(profilesById);
        return new Iterator<>() {
            /** The id of the last profile planned: the rows of an id come together. */
            private String planned;

            @Override
            public boolean hasNext() {
                return outcomes.hasNext();
            }

            @Override
            public Row next() {
                Row outcome = outcomes.next();
                if (!PlanPartition.PLANNED.equals(outcome.getString(0))) return outcome;
                String id = outcome.getString(4);
                if (id.equals(planned)) {
                    return PlanPartition.failed(outcome.getInt(1), outcome.getString(2), outcome.getLong(3), id,
                            List.of(FailureReasons.duplicate(id)));
                }
                planned = id;
                return outcome;
            }
        };
    }

    /** Of the failures written ({@code value}: batch's line of JSON), those that are duplicates. */
    static final class Duplicate implements FilterFunction<Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean call(Row failure) {
            try {
                JsonNode value = JSON.readTree(failure.<String>getAs("value"));
                JsonNode id = value.get("profileId");
                JsonNode reasons = value.get("reasons");
                return id != null && id.isTextual() && reasons != null && reasons.size() == 1
                        && FailureReasons.duplicate(id.asText()).equals(reasons.get(0).asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
