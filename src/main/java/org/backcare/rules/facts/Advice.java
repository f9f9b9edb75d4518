package org.backcare.rules.facts;

import java.util.List;

/**
 * A fact that a rule inserts to recommend the advice {@code id} (an entry of {@code advice.yaml}) at
 * {@code priority}, because of the profile facts in {@code because}. Rules create it with {@link Advise#advice(Object, String...)}.
 */
public record Advice(String id, int priority, List<String> because, String rule) {
    public Advice {
        because = List.copyOf(because);
    }
}
