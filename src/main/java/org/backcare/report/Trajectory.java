package org.backcare.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.backcare.plan.Decision;
import org.backcare.profile.WireName;
import org.backcare.simulate.FeedbackScenario;
import org.backcare.simulate.SimulatedWeek;

/**
 * A simulated programme as clinicians read it: a table (week, triage, decision, minutes, hardest intensity, why) in
 * text, and the view of an SVG chart of the minutes week by week for the HTML templates. Stateless.
 */
public final class Trajectory {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int LEFT = 44;
    private static final int BOTTOM = 28;
    private static final int TOP = 12;
    /** The WHO 2020 guideline range for adults, shaded on the chart. */
    private static final int GUIDELINE_LOW = 150;
    private static final int GUIDELINE_HIGH = 300;

    private Trajectory() {
    }

    /** The weeks as a text table, one line a week; the reasons are cut to keep each line readable. */
    public static String text(String profileId, FeedbackScenario scenario, List<SimulatedWeek> weeks) {
        StringBuilder text = new StringBuilder();
        text.append("Programme for ").append(profileId).append(", scenario ").append(WireName.of(scenario))
                .append(", ").append(weeks.size()).append(" weeks\n");
        text.append(String.format(Locale.ROOT, "%4s  %-13s %-8s %7s  %-8s  %s%n", "week", "triage", "decision",
                "minutes", "hardest", "why"));
        for (SimulatedWeek week : weeks) {
            String why = week.why().length() > 120 ? week.why().substring(0, 117) + "..." : week.why();
            text.append(String.format(Locale.ROOT, "%4d  %-13s %-8s %7d  %-8s  %s%n", week.week(),
                    WireName.of(week.triage()), week.decision() == null ? "-" : WireName.of(week.decision()),
                    week.minutes(), week.hardest() == null ? "-" : WireName.of(week.hardest()), why));
        }
        return text.toString();
    }

    /** The view of the trajectory for the {@code trajectory} template: the chart's geometry and the table's rows. */
    public static Map<String, Object> view(FeedbackScenario scenario, List<SimulatedWeek> weeks) {
        int top = Math.max(GUIDELINE_HIGH, weeks.stream().mapToInt(SimulatedWeek::minutes).max().orElse(0));
        double step = weeks.size() > 1 ? (WIDTH - LEFT - 16) / (double) (weeks.size() - 1) : 0;
        List<Map<String, Object>> points = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        List<Map<String, Object>> markers = new ArrayList<>();
        for (int i = 0; i < weeks.size(); i++) {
            SimulatedWeek week = weeks.get(i);
            double x = LEFT + i * step;
            double y = y(week.minutes(), top);
            line.append(i == 0 ? "" : " ").append(format(x)).append(',').append(format(y));
            // every week's number while they fit; every fourth (and the last) on a long programme
            points.add(point(week, x, y, weeks.size() <= 16 || i % 4 == 0 || i == weeks.size() - 1));
            // a change of triage, or of the hardest intensity the week allows, is marked where it happens
            if (i > 0) {
                SimulatedWeek before = weeks.get(i - 1);
                List<String> changed = new ArrayList<>(2);
                if (before.triage() != week.triage()) changed.add("triage: " + WireName.of(week.triage()));
                if (before.hardest() != week.hardest()) {
                    changed.add("up to " + (week.hardest() == null ? "none" : WireName.of(week.hardest())));
                }
                if (!changed.isEmpty()) {
                    markers.add(Map.of("x", format(x - step / 2), "top", TOP, "bottom", HEIGHT - BOTTOM,
                            "label", String.join(", ", changed), "labelY", TOP + 10 + 14 * (markers.size() % 3)));
                }
            }
            rows.add(row(week));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("scenario", WireName.of(scenario));
        view.put("width", WIDTH);
        view.put("height", HEIGHT);
        view.put("left", LEFT);
        view.put("right", WIDTH - 8);
        view.put("bandWidth", WIDTH - 8 - LEFT);
        view.put("bottom", HEIGHT - BOTTOM);
        view.put("bandTop", format(y(GUIDELINE_HIGH, top)));
        view.put("bandHeight", format(y(GUIDELINE_LOW, top) - y(GUIDELINE_HIGH, top)));
        view.put("topLabel", top);
        view.put("topY", format(y(top, top) + 4));
        view.put("line", line.toString());
        view.put("points", points);
        view.put("markers", markers);
        view.put("axisX", format(LEFT + (WIDTH - LEFT) / 2.0));
        view.put("axisY", format(TOP + (HEIGHT - BOTTOM - TOP) / 2.0));
        view.put("rows", rows);
        view.put("summary", "Main-activity minutes week by week, scenario " + WireName.of(scenario) + ": "
                + String.join(", ", weeks.stream().map(w -> w.minutes() + "").toList())
                + "; the shaded band is the WHO 2020 range of 150 to 300 minutes.");
        return view;
    }

    /** One week on the chart: where it is, its number (when {@code labelled}), its minutes and decision. */
    private static Map<String, Object> point(SimulatedWeek week, double x, double y, boolean labelled) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("x", format(x));
        point.put("y", format(y));
        point.put("week", week.week());
        point.put("labelled", labelled);
        point.put("minutes", week.minutes());
        point.put("colour", colour(week.decision()));
        point.put("label", "week " + week.week() + ": " + week.minutes() + " minutes"
                + (week.decision() == null ? "" : ", " + WireName.of(week.decision())));
        point.put("valueY", format(Math.max(TOP + 10, y - 8)));
        return point;
    }

    /** One week in the table. */
    private static Map<String, Object> row(SimulatedWeek week) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("week", week.week());
        row.put("triage", WireName.of(week.triage()));
        row.put("decision", week.decision() == null ? "-" : WireName.of(week.decision()));
        row.put("minutes", week.minutes());
        row.put("hardest", week.hardest() == null ? "-" : WireName.of(week.hardest()));
        row.put("why", week.why());
        return row;
    }

    private static double y(int minutes, int top) {
        return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (double) minutes / top;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String colour(Decision decision) {
        if (decision == null) return "#7a7a7a";
        return switch (decision) {
            case PROGRESS -> "#2e7d32";
            case HOLD -> "#b26a00";
            case REGRESS -> "#c62828";
        };
    }
}
