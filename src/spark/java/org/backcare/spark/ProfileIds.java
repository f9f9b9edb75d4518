package org.backcare.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.ProfileReader;

/**
 * The id of each valid profile among profile rows ({@link ProfileRows#SCHEMA}), with where it is: what finds the
 * profiles that share an id before any is planned. Parsing is a small part of a plan's cost (about a twentieth).
 */
final class ProfileIds implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final StructType SCHEMA = new StructType()
            .add("profileId", DataTypes.StringType, false)
            .add("file", DataTypes.IntegerType, false)
            .add("source", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false);

    @Override
    public Iterator<Row> call(Iterator<Row> profiles) {
        ProfileReader reader = new ProfileReader();
        return new Lookahead<>() {
            @Override
            protected Row advance() {
                while (profiles.hasNext()) {
                    Row row = profiles.next();
                    if (!row.isNullAt(4)) continue;
                    try {
                        ProfileReader.Format format = ProfileReader.Format.valueOf(row.getString(5));
                        String id = reader.parse("", (byte[]) row.get(3), format).id();
                        return RowFactory.create(id, row.getInt(0), row.getString(1), row.getLong(2));
                    } catch (InvalidProfileException e) {
                        // not a profile: the planning pass lists it as a failure
                    }
                }
                return null;
            }
        };
    }
}
