package org.backcare.spark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.backcare.Planner;
import org.backcare.io.FailureReasons;
import org.backcare.plan.Plan;
import org.backcare.plan.PlanWriter;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.WireName;
import org.backcare.rules.RulesException;

/**
 * Plans the profile rows of a partition ({@link ProfileRows#SCHEMA}) into outcome rows ({@link #SCHEMA}): a plan, as
 * the one line of JSON {@code backcare batch --format jsonl} writes for it, with its profile id, triage level and
 * focus; or a failure with its reasons, worded as batch's, and as the line batch's {@code failures.jsonl} holds for
 * it. The executor's one planner does the work, each profile within the time limit.
 */
final class PlanPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final String PLANNED = "planned";
    static final String FAILED = "failed";
    static final StructType SCHEMA = new StructType()
            .add("outcome", DataTypes.StringType, false)
            .add("file", DataTypes.IntegerType, false)
            .add("source", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false)
            .add("profileId", DataTypes.StringType, true)
            .add("triage", DataTypes.StringType, true)
            .add("focus", DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add("plan", DataTypes.StringType, true)
            .add("reasons", DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add("failure", DataTypes.StringType, true);

    private final RulesSource rules;
    private final Duration timeLimit;

    PlanPartition(RulesSource rules, Duration timeLimit) {
        this.rules = rules;
        this.timeLimit = timeLimit;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> profiles) {
        BoundedPlanning bounded = new BoundedPlanning(rules.planner(), timeLimit);
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> bounded.close());
        }
        return new Outcomes(profiles, bounded);
    }

    /** The outcomes of a partition's rows, in their order, planned {@value #BATCH} at a time. */
    private static final class Outcomes implements Iterator<Row> {
        private static final int BATCH = 64;
        private final Iterator<Row> profiles;
        private final BoundedPlanning bounded;
        private final ProfileReader reader = new ProfileReader();
        private final PlanWriter writer = new PlanWriter();
        private final Deque<Row> ready = new ArrayDeque<>();

        Outcomes(Iterator<Row> profiles, BoundedPlanning bounded) {
            this.profiles = profiles;
            this.bounded = bounded;
        }

        @Override
        public boolean hasNext() {
            if (ready.isEmpty() && profiles.hasNext()) nextBatch();
            if (ready.isEmpty()) bounded.close();
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) throw new NoSuchElementException();
            return ready.removeFirst();
        }

        /** Reads up to a batch of rows: those that fail before planning fail here, the rest are planned together. */
        private void nextBatch() {
            Row[] rows = new Row[BATCH];
            Row[] outcomes = new Row[BATCH];
            List<Profile> toPlan = new ArrayList<>(BATCH);
            int[] planned = new int[BATCH];
            int count = 0;
            while (count < BATCH && profiles.hasNext()) {
                Row row = profiles.next();
                rows[count] = row;
                Object profileOrFailure = read(row);
                if (profileOrFailure instanceof Profile profile) {
                    planned[toPlan.size()] = count;
                    toPlan.add(profile);
                } else {
                    outcomes[count] = (Row) profileOrFailure;
                }
                count++;
            }
            Object[] plans = bounded.plan(toPlan);
            for (int i = 0; i < plans.length; i++) {
                Row row = rows[planned[i]];
                outcomes[planned[i]] = outcome(row.getInt(0), row.getString(1), row.getLong(2), toPlan.get(i),
                        plans[i]);
            }
            for (int i = 0; i < count; i++) ready.addLast(outcomes[i]);
        }

        /** The row's profile, or its failure: not read, or not a valid profile. */
        private Object read(Row row) {
            int file = row.getInt(0);
            String source = row.getString(1);
            long line = row.getLong(2);
            if (!row.isNullAt(4)) return failed(file, source, line, null, List.of(row.getString(4)));
            try {
                // as batch: where a profile is, its file, and its line in a .jsonl file
                return reader.parse(line > 0 ? source + ":" + line : source, (byte[]) row.get(3),
                        ProfileReader.Format.valueOf(row.getString(5)));
            } catch (InvalidProfileException e) {
                return failed(file, source, line, null, FailureReasons.of(e, line == 0));
            }
        }

        private Row outcome(int file, String source, long line, Profile profile, Object planned) {
            if (planned instanceof Plan plan) {
                String json = new String(writer.toBytes(plan, true, false), StandardCharsets.UTF_8);
                return RowFactory.create(PLANNED, file, source, line, profile.id(),
                        WireName.of(plan.triage().level()), plan.focus().toArray(String[]::new), json, null, null);
            }
            String reason = planned instanceof BoundedPlanning.TooLong tooLong ? tooLong.getMessage()
                    : planned instanceof RulesException rules ? "the rules failed: " + rules.getMessage()
                    : "internal error: " + planned;
            return failed(file, source, line, profile.id(), List.of(reason));
        }
    }

    static Row failed(int file, String source, long line, String profileId, List<String> reasons) {
        return RowFactory.create(FAILED, file, source, line, profileId, null, null, null,
                FailureReasons.bounded(reasons).toArray(String[]::new),
                FailureReasons.json(source, line, profileId, reasons));
    }
}
