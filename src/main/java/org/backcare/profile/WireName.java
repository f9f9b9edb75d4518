package org.backcare.profile;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kebab-case names that enum values have in profiles and plans ({@code SAME_SIDE} is {@code same-side}).
 */
public final class WireName {
    private WireName() {
    }

    /** The wire name of an enum value: lower case, words joined by hyphens. */
    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The value of {@code type} whose wire name is {@code name}, if any. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String name) {
        for (E value : type.getEnumConstants()) {
            if (of(value).equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** All wire names of {@code type}, comma separated, in declaration order. */
    public static String list(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireName::of).collect(Collectors.joining(", "));
    }
}
