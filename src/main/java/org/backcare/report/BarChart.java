package org.backcare.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bar chart that is also its own table: one row per label with the count, its share of the whole and a bar
 * scaled to the largest count. Drawn in HTML, so its text stays readable at every width and screen readers read the
 * table; the bars are decoration.
 */
final class BarChart {
    private BarChart() {
    }

    /**
     * @param counts label to count, in the order to show
     * @param colourClasses label to a CSS class for its bar (the label's text says the same), or none
     * @param whole what the shares are of (profiles, usually)
     */
    static Map<String, Object> of(String title, String labelHeading, String countHeading, Map<String, Integer> counts,
            Map<String, String> colourClasses, int whole) {
        int max = Math.max(1, counts.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("label", count.getKey());
            row.put("count", count.getValue());
            row.put("percent", Math.round(100f * count.getValue() / max));
            row.put("share", whole == 0 ? "-" : Math.round(100f * count.getValue() / whole) + "%");
            row.put("colourClass", colourClasses.getOrDefault(count.getKey(), ""));
            rows.add(row);
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("title", title);
        chart.put("labelHeading", labelHeading);
        chart.put("countHeading", countHeading);
        chart.put("rows", rows);
        return chart;
    }
}
