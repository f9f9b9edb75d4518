package org.backcare;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * What some tests need beyond Java and Maven: headless Chromium, a PostgreSQL server. On a machine without it such a
 * test is skipped, and one line on standard output says what was skipped and how to run it; with
 * {@code -Dbackcare.test.require=chromium,postgres}, or {@code BACKCARE_TEST_REQUIRE} in the environment (as
 * {@code .ci/run} sets), it fails instead, so that CI never skips it silently.
 */
public final class Required {
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    private Required() {
    }

    /** Whether {@code what} ({@code chromium}, {@code postgres}) must be there: a test fails without it. */
    public static boolean required(String what) {
        return Arrays.asList(setting("backcare.test.require", "").split(",")).contains(what);
    }

    /**
     * A test setting: the system property {@code name} ({@code -Dname=...}), else the environment variable of the same
     * name in capitals with underscores ({@code BACKCARE_TEST_REQUIRE}), which {@code .ci/run} sets so that it runs the
     * README's test command as it is; else {@code otherwise}.
     */
    public static String setting(String name, String otherwise) {
        String value = System.getProperty(name);
        if (value == null) value = System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        return value == null ? otherwise : value;
    }

    /**
     * Goes on when {@code present}; otherwise fails when {@code what} is required, or skips the test, saying once
     * that {@code skipped} were skipped and {@code howToRun}.
     */
    public static void assume(boolean present, String what, String skipped, String howToRun) {
        if (present) return;
        if (required(what)) {
            throw new AssertionError(skipped + " need " + what + ", which -Dbackcare.test.require says is required:"
                    + " " + howToRun);
        }
        if (TOLD.add(skipped)) System.out.println("SKIPPED: " + skipped + " (" + howToRun + ")");
        Assumptions.assumeTrue(false, skipped + ": no " + what + " here");
    }
}
