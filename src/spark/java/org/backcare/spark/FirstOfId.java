package org.backcare.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.backcare.io.FailureReasons;

/**
 * Of the outcomes of profiles that share an id, what batch keeps: the first in input order that was planned keeps its
 * plan, a later one that was planned fails as its duplicate, and one whose planning failed keeps its own failure (so
 * when the rules fail on the first profile of an id, the next one is planned).
 */
final class FirstOfId {
    /** The column that marks an outcome made a duplicate here. */
    static final String DUPLICATE = "duplicate";
    static final StructType SCHEMA = PlanPartition.SCHEMA.add(DUPLICATE, DataTypes.BooleanType, false);

    private FirstOfId() {
    }

    /** The outcomes ({@link PlanPartition#SCHEMA}) of profiles that share ids, as batch decides them. */
    static Dataset<Row> keep(Dataset<Row> outcomes) {
        return outcomes.withColumn("nth", row_number().over(Window.partitionBy(col("profileId"), col("outcome"))
                        .orderBy(ProfileRows.ORDER[0], ProfileRows.ORDER[1], ProfileRows.ORDER[2])))
                .map(new Decide(), Encoders.row(SCHEMA));
    }

    private static final class Decide implements MapFunction<Row, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Row call(Row row) {
            int columns = PlanPartition.SCHEMA.size();
            boolean duplicate = PlanPartition.PLANNED.equals(row.getString(0)) && row.<Integer>getAs("nth") > 1;
            Row outcome = row;
            if (duplicate) {
                String id = row.getString(4);
                outcome = PlanPartition.failed(row.getInt(1), row.getString(2), row.getLong(3), id,
                        List.of(FailureReasons.duplicate(id)));
            }
            Object[] values = new Object[columns + 1];
            for (int i = 0; i < columns; i++) values[i] = outcome.get(i);
            values[columns] = duplicate;
            return RowFactory.create(values);
        }
    }
}
