package org.backcare.review;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * H2's trigger on the workspace's history tables (the migration {@code h2/V2__append_only.sql}): it refuses every
 * update and delete, so that a row once written stays as written, as PostgreSQL's trigger does there.
 */
public final class AppendOnly implements Trigger {
    private String table;

    @Override
    public void init(Connection connection, String schema, String trigger, String table, boolean before, int type) {
        this.table = table.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException(table + " is append-only: " + (newRow == null ? "DELETE" : "UPDATE") + " refused",
                "P0001");
    }
}
