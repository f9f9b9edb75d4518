package org.backcare.review;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The worklist: people in the order a clinician should look at them ({@link Priority}: the most urgent finding
 * first, then see-clinician, then not screened, then the rest; by profile id within each), a page at a time. Pages
 * follow on from the last row of the one before (keyset paging on an index), so the ten-thousandth page opens as
 * fast as the first.
 */
public final class Worklist {
    /** How many people a page shows at most. */
    public static final int MAX_PAGE = 200;

    private Worklist() {
    }

    /** Which review states to show. */
    public enum Show {
        /** awaiting review or to review again: the default */
        TO_REVIEW,
        /** signed off */
        SIGNED_OFF,
        ALL
    }

    /**
     * A page to show: which people ({@code show}, a profile id that starts with {@code search}, a triage level, a
     * risk group, the most urgent finding's timeframe; null for any), after which row ({@code afterPriority} and
     * {@code afterId}, null for the first page), and how many.
     */
    public record Query(Show show, String search, String triage, String riskGroup, String within,
            Integer afterPriority, String afterId, int size) {

        public Query {
            if (show == null) show = Show.TO_REVIEW;
            size = Math.max(1, Math.min(size, MAX_PAGE));
            if (search != null && search.isBlank()) search = null;
            if ((afterPriority == null) != (afterId == null)) {
                throw new IllegalArgumentException("a page follows on from both a priority and an id, or neither");
            }
        }

        public static Query first(int size) {
            return new Query(Show.TO_REVIEW, null, null, null, null, null, null, size);
        }

        /** The query of the page after {@code page}, or {@code null} when it was the last. */
        public Query next(Page page) {
            if (!page.more()) return null;
            PersonState last = page.people().get(page.people().size() - 1);
            return new Query(show, search, triage, riskGroup, within, last.priority(), last.profileId(), size);
        }
    }

    /** A page of people, and whether more follow. */
    public record Page(List<PersonState> people, boolean more) {
    }

    /** The page {@code query} asks for. */
    public static Page page(Workspace workspace, Query query) throws WorkspaceException {
        return workspace.inTransaction("read the worklist", connection -> page(connection, query));
    }

    private static Page page(Connection connection, Query query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + Workspace.PEOPLE_COLUMNS + " FROM people WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        switch (query.show()) {
            case TO_REVIEW -> sql.append(" AND to_review = TRUE");
            case SIGNED_OFF -> sql.append(" AND to_review = FALSE");
            case ALL -> { }
        }
        if (query.search() != null) {
            sql.append(" AND profile_id LIKE ? ESCAPE '\\'");
            values.add(query.search().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (query.triage() != null) {
            sql.append(" AND triage = ?");
            values.add(query.triage());
        }
        if (query.riskGroup() != null) {
            sql.append(" AND risk_group = ?");
            values.add(query.riskGroup());
        }
        if (query.within() != null) {
            sql.append(" AND within_time = ?");
            values.add(query.within());
        }
        if (query.afterPriority() != null) {
            sql.append(" AND (priority > ? OR (priority = ? AND profile_id > ?))");
            values.add(query.afterPriority());
            values.add(query.afterPriority());
            values.add(query.afterId());
        }
        sql.append(" ORDER BY priority, profile_id LIMIT ?");
        values.add(query.size() + 1);
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) statement.setObject(i + 1, values.get(i));
            List<PersonState> people = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) people.add(Workspace.personOf(row));
            }
            boolean more = people.size() > query.size();
            return new Page(more ? people.subList(0, query.size()) : people, more);
        }
    }
}
