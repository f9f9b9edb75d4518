package org.backcare.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
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

    /** A Jackson module that writes every enum value by its wire name. */
    public static Module jacksonModule() {
        SimpleModule module = new SimpleModule("backcare-wire-names");
        module.addSerializer(Enum.class, new Serializer());
        return module;
    }

    @SuppressWarnings("rawtypes")
    private static final class Serializer extends StdSerializer<Enum> {
        private static final long serialVersionUID = 1L;

        Serializer() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(of(value));
        }
    }

    /** All wire names of {@code type}, comma separated, in declaration order. */
    public static String list(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireName::of).collect(Collectors.joining(", "));
    }
}
